import { IllegalTransition } from '../errors/domain-error';

/**
 * A record's lifecycle: its statuses and the moves between them, one definition that the service's
 * checks, the sweep's set-based moves and the tests all read.
 */
export interface StateMachine<S extends string> {
  /** From each status, the statuses it may move to. */
  readonly transitions: Readonly<Record<S, readonly S[]>>;
  /** Whether `from` may move to `to` (staying counts only where the lifecycle allows it). */
  canMove(from: S, to: S): boolean;
  /** 409 `ILLEGAL_TRANSITION`, naming the moves allowed from `from`, unless `canMove(from, to)`. */
  assert(from: S, to: S): void;
  /** The statuses from which `to` may be reached, in the order of `transitions`. */
  into(to: S): S[];
}

/**
 * `entity` names the record in the 409's message ("Finding cannot go from resolved to in_progress…").
 * `stay`: saving a record with the status it already has is not a move and passes (a finding, a breach).
 */
export function stateMachine<S extends string>(
  entity: string,
  transitions: Readonly<Record<S, readonly S[]>>,
  options: { stay?: boolean } = {},
): StateMachine<S> {
  const canMove = (from: S, to: S): boolean =>
    (options.stay === true && from === to) || transitions[from].includes(to);
  return {
    transitions,
    canMove,
    assert(from, to) {
      if (!canMove(from, to)) throw new IllegalTransition(entity, from, to, transitions[from]);
    },
    into: (to) => (Object.keys(transitions) as S[]).filter((from) => transitions[from].includes(to)),
  };
}
