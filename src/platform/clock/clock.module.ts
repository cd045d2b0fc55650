import { Global, Module } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { Clock, SystemClock } from './clock';
import { FileOffsetClock } from './file-offset-clock';

/** The system clock; under NODE_ENV=test with TEST_CLOCK_FILE, the system clock moved by that file. */
@Global()
@Module({
  providers: [
    {
      provide: Clock,
      inject: [AppConfig],
      useFactory: (config: AppConfig): Clock =>
        config.nodeEnv === 'test' && config.testClockFile
          ? new FileOffsetClock(config.testClockFile)
          : new SystemClock(),
    },
  ],
  exports: [Clock],
})
export class ClockModule {}
