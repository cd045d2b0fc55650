import { Global, Module } from '@nestjs/common';
import { RecordHistory } from './record-history.service';

/** The history of versioned entities (record_version): written with each change, read "as of" an instant. */
@Global()
@Module({ providers: [RecordHistory], exports: [RecordHistory] })
export class HistoryModule {}
