import { Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { ApiKeysService } from './api-keys.service';

/** A request as it leaves the prefetch: with the API-key epoch on its way when it carries a key. */
export type EpochRequest = Request & { apiKeyEpoch?: Promise<string | undefined> };

/**
 * Asks Redis for the API-key epoch as soon as a request with an `X-API-Key` header arrives, so that the
 * question travels with the rate limit's (one round trip, not two one after the other). The epoch is read
 * after the request arrived, as before: a key revoked before it is refused.
 */
@Injectable()
export class ApiKeyEpochPrefetch implements NestMiddleware {
  constructor(private readonly apiKeys: ApiKeysService) {}

  use(req: EpochRequest, _res: Response, next: NextFunction): void {
    if (typeof req.headers['x-api-key'] === 'string') req.apiKeyEpoch = this.apiKeys.epoch();
    next();
  }
}
