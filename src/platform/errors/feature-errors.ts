import { applyDecorators, SetMetadata } from '@nestjs/common';
import { Conflict, DomainError, ErrorKind } from './domain-error';

/** The statuses a feature's own rules answer with: a conflict with the state, or who may do it. */
export type RuleStatus = 403 | 409;

export interface FeatureErrorCode {
  status: RuleStatus;
  /** What it means, for the OpenAPI document: "the agreement is terminated or superseded". */
  meaning: string;
}

/**
 * A feature's own problem codes, each with its status and meaning: the union its services may throw
 * (a code not listed does not compile) and the list its routes document (`@AnswersWith`).
 */
export interface FeatureErrors<C extends string = string> {
  readonly codes: Readonly<Record<C, FeatureErrorCode>>;
  /** 409 with one of the feature's codes. */
  conflict(code: C, detail: string, extensions?: Record<string, unknown>): Conflict;
  /** 403 by a rule of the feature beyond the caller's role (four eyes, the DPO alone). */
  forbidden(code: C, title: string, detail: string): DomainError;
  /** Some of the codes, for routes that answer only those (`@AnswersWith(IdentityErrors.pick('LAST_ADMIN'))`). */
  pick(...codes: C[]): FeatureErrors<C>;
}

export function featureErrors<C extends string>(codes: Record<C, [RuleStatus, string]>): FeatureErrors<C> {
  const described = Object.fromEntries(
    Object.entries<[RuleStatus, string]>(codes).map(([code, [status, meaning]]) => [
      code,
      { status, meaning },
    ]),
  ) as Record<C, FeatureErrorCode>;
  return describe(described);
}

function describe<C extends string>(codes: Record<C, FeatureErrorCode>): FeatureErrors<C> {
  return {
    codes,
    conflict: (code, detail, extensions) => new Conflict(code, detail, extensions),
    forbidden: (code, title, detail) => new DomainError(ErrorKind.Forbidden, code, title, { detail }),
    pick: (...picked) =>
      describe(Object.fromEntries(picked.map((code) => [code, codes[code]])) as Record<C, FeatureErrorCode>),
  };
}

export const ANSWERS_WITH = 'custos:answers-with';

/**
 * The feature codes the routes of a controller (or one route) may answer with: the OpenAPI document
 * lists each under its status, beside the codes every route shares.
 */
export function AnswersWith(...errors: FeatureErrors[]): ClassDecorator & MethodDecorator {
  return applyDecorators(SetMetadata(ANSWERS_WITH, errors));
}
