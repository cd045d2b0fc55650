import { INestApplication } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { json, NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { AppConfig } from '../../config/app-config';
import { bodyParserProblem } from '../errors/problem.filter';
import { requestIdFor } from '../logging/logging.module';
import { refuseUnstorableInput } from './hostile-input';
import { documentStandardResponses } from './openapi-responses';
import { serveConsole } from './console';

export const API_PREFIX = 'api/v1';

export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Custos API')
    .setDescription(
      'Governance of the processors that handle personal data on an organisation’s behalf (GDPR Art. 28): ' +
        'assessments, data processing agreements, the transfer gate, monitoring, records of processing and ' +
        'end-of-contract certificates. Errors are application/problem+json (RFC 9457).',
    )
    .setVersion('1')
    .setLicense('Proprietary', 'https://custos.localhost/license')
    .addServer('/', 'This server')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, 'bearer')
    .addApiKey({ type: 'apiKey', name: 'X-API-Key', in: 'header' }, 'apiKey')
    .addSecurity('portal', {
      type: 'http',
      scheme: 'Portal',
      description: "`Authorization: Portal <token>`: the token of a link e-mailed to a processor's contact",
    })
    .build();
  const document = SwaggerModule.createDocument(app, config);
  documentStandardResponses(app, document);
  documentProblems(document);
  return document;
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;

/**
 * Every error is application/problem+json: each 4xx/5xx response says so with one shared schema; a
 * route without a declared 4xx gets the generic one; a route without credentials says so (`security: []`).
 */
function documentProblems(document: OpenAPIObject): void {
  document.components ??= {};
  document.components.schemas ??= {};
  document.components.schemas.Problem = {
    type: 'object',
    required: ['type', 'title', 'status', 'code'],
    properties: {
      type: { type: 'string', example: 'urn:custos:problem:validation-failed' },
      title: { type: 'string', example: 'The request is not valid' },
      status: { type: 'integer', example: 400 },
      detail: { type: 'string', example: 'reportedAt: must not be in the future' },
      code: { type: 'string', example: 'VALIDATION_FAILED' },
      errors: {
        type: 'array',
        items: {
          type: 'object',
          required: ['field', 'message'],
          properties: {
            field: { type: 'string', example: 'reportedAt' },
            message: { type: 'string', example: 'must not be in the future' },
            rule: { type: 'string', example: 'notInFuture' },
          },
        },
      },
      requestId: { type: 'string', example: 'c4cd287d-206c-46b1-80b2-53266a5f593b' },
    },
  };
  const problem = { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } };
  for (const item of Object.values(document.paths)) {
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) continue;
      operation.security ??= [];
      const responses = operation.responses;
      if (!Object.keys(responses).some((status) => status.startsWith('4'))) {
        responses['4XX'] = { description: 'The request was refused; the problem says why' };
      }
      for (const [status, response] of Object.entries(responses)) {
        if (/^[45]/.test(status) && response && !('$ref' in response) && !response.content) {
          response.content = problem;
        }
      }
    }
  }
}

/** Everything about serving HTTP that is not a route: used by main.ts and by the e2e tests alike. */
export function configureHttpApp(app: NestExpressApplication, config: AppConfig): void {
  app.useLogger(app.get(Logger));
  app.setGlobalPrefix(API_PREFIX);
  // The request id is fixed before anything else runs, so that even a body-parser error carries it.
  app.use((req: Request & { id?: string }, res: Response, next: NextFunction) => {
    req.id = requestIdFor(req, res);
    next();
  });
  const parseJson = json({ limit: config.bodyLimit });
  // Body-parser errors become domain errors here, before Nest would flatten them into a bare 400.
  app.use((req: Request, res: Response, next: NextFunction) =>
    parseJson(req, res, (error?: unknown) => next(error ? bodyParserProblem(error) : undefined)),
  );
  app.use(refuseUnstorableInput);
  app.disable('x-powered-by');
  app.set('trust proxy', config.trustProxy);
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          // The console's scripts are its own files only; Mantine sets its theme in a style element.
          scriptSrc: ["'self'"],
          // On plain http (a laptop) an upgrade would send the console's requests to https.
          upgradeInsecureRequests: config.publicUrl.startsWith('https:') ? [] : null,
        },
      },
    }),
  );
  app.enableCors({
    origin: config.corsOrigins.length ? config.corsOrigins : false,
    exposedHeaders: ['X-Request-Id', 'Retry-After'],
  });
  if (config.docsEnabled) {
    const document = buildOpenApiDocument(app);
    SwaggerModule.setup('docs', app, document, {
      jsonDocumentUrl: 'docs-json',
      customSiteTitle: 'Custos API',
    });
  }
  serveConsole(app);
  app.enableShutdownHooks();
}
