import { withoutQueryValues } from './logging.module';

describe('the request log', () => {
  it.each([
    [
      '/api/v1/certificates/CUS-2026-000001/verify?sha256=abc123',
      '/api/v1/certificates/CUS-2026-000001/verify?sha256=[redacted]',
    ],
    ['/api/v1/processors?page=2&pageSize=50', '/api/v1/processors?page=[redacted]&pageSize=[redacted]'],
    ['/api/v1/health/ready', '/api/v1/health/ready'],
    ['/api/v1/x?', '/api/v1/x?'],
  ])('logs %s as %s', (url, logged) => {
    expect(withoutQueryValues(url)).toBe(logged);
  });
});
