import { applyDecorators, Type, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBody, ApiConsumes } from '@nestjs/swagger';
import { FileUploadDto } from './attached-file';
import { uploadLimits } from './upload-limits';

/**
 * A route that takes one file in the multipart field `file` (at most UPLOAD_MAX_MB), documented as such.
 * File names are read as UTF-8, as browsers and curl send them (busboy's default is Latin-1).
 */
export function AcceptsFile(body: Type = FileUploadDto): MethodDecorator & ClassDecorator {
  return applyDecorators(
    UseInterceptors(FileInterceptor('file', { limits: uploadLimits(), defParamCharset: 'utf8' })),
    ApiConsumes('multipart/form-data'),
    ApiBody({ type: body }),
  );
}
