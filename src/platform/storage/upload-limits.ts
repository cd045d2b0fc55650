import { AppConfig } from '../../config/app-config';

/**
 * Multer reads its limits when the route is declared, before Nest injects anything, so the limit is
 * read from the environment here; it is the same UPLOAD_MAX_MB that AppConfig validates at start-up.
 */
export function uploadLimits(): { fileSize: number; files: number; fields: number } {
  let fileSize = 10 * 1024 * 1024;
  try {
    fileSize = AppConfig.fromEnvironment().uploadMaxBytes;
  } catch {
    // An invalid environment stops start-up with its own message; keep the default here.
  }
  return { fileSize, files: 1, fields: 5 };
}
