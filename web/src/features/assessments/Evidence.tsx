import { Anchor, Box, Button, FileButton, Group, List, Stack, Text } from '@mantine/core';
import { useState, type DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { download, type Schemas } from '../../shared/api/client';
import { can, READ } from '../../app/areas';
import { ErrorNotice } from '../../shared/ui';
import { useMe } from '../auth/session';
import { formatDateTime } from '../../shared/format';
import { useUploadEvidence, type Assessment } from './hooks';

type EvidenceFile = Schemas['EvidenceResponse'];

/** The types the server accepts as evidence (it checks the bytes too; this only spares a round trip). */
const ACCEPT =
  '.pdf,.png,.jpg,.jpeg,.txt,.csv,.zip,.docx,.xlsx,application/pdf,image/png,image/jpeg,text/plain,text/csv,application/zip';

/** What the drop zone needs of an upload: the console's mutation or the portal's. */
export interface EvidenceUploader {
  mutate: (input: { file: File }) => void;
  isPending: boolean;
  error: unknown;
}

/**
 * Evidence by drag and drop or by picking a file, and the files so far; a refused type or size shows the
 * API's message. Legal's assessment page and the processor portal both show it.
 */
export function EvidenceFiles({
  evidence,
  editable,
  upload,
  onDownload,
}: {
  evidence: EvidenceFile[];
  editable: boolean;
  upload: EvidenceUploader;
  /** Absent for a reader who may see that a file is there but not open it. */
  onDownload?: (file: EvidenceFile) => void;
}) {
  const { t } = useTranslation();
  const [over, setOver] = useState(false);

  const send = (files: FileList | File[] | null) => {
    for (const file of Array.from(files ?? [])) upload.mutate({ file });
  };
  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setOver(false);
    send(event.dataTransfer.files);
  };

  return (
    <Stack gap="sm">
      {editable && (
        <Box
          onDragOver={(e) => {
            e.preventDefault();
            setOver(true);
          }}
          onDragLeave={() => setOver(false)}
          onDrop={onDrop}
          p="lg"
          role="group"
          aria-label={t('assessments.evidence.dropZone')}
          style={{
            border: `2px dashed var(--mantine-color-${over ? 'custos-6' : 'default-border'})`,
            borderRadius: 8,
            textAlign: 'center',
            background: over ? 'var(--mantine-color-custos-light)' : undefined,
          }}
        >
          <Text size="sm" mb="xs">
            {t('assessments.evidence.drop')}
          </Text>
          <FileButton onChange={(file) => send(file ? [file] : null)} accept={ACCEPT}>
            {(props) => (
              <Button variant="default" size="xs" loading={upload.isPending} {...props}>
                {t('assessments.evidence.choose')}
              </Button>
            )}
          </FileButton>
          <Text size="xs" c="dimmed" mt="xs">
            {t('assessments.evidence.types')}
          </Text>
        </Box>
      )}
      {upload.error ? <ErrorNotice error={upload.error} title={t('assessments.evidence.refused')} /> : null}
      {evidence.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('assessments.evidence.none')}
        </Text>
      ) : (
        <List aria-label={t('assessments.evidence.title')} spacing={4}>
          {evidence.map((e) => (
            <List.Item key={e.id}>
              <Group gap="xs" wrap="wrap">
                {onDownload ? (
                  <Anchor component="button" type="button" size="sm" onClick={() => onDownload(e)}>
                    {e.filename}
                  </Anchor>
                ) : (
                  <Text size="sm">{e.filename}</Text>
                )}
                <Text size="xs" c="dimmed">
                  {Math.ceil(e.size / 1024)} KB · {formatDateTime(e.uploadedAt)}
                </Text>
              </Group>
            </List.Item>
          ))}
        </List>
      )}
    </Stack>
  );
}

/** Legal's evidence of an assessment. */
export function Evidence({ assessment, editable }: { assessment: Assessment; editable: boolean }) {
  const upload = useUploadEvidence(assessment.id);
  const { me } = useMe();
  return (
    <EvidenceFiles
      evidence={assessment.evidence}
      editable={editable}
      upload={upload}
      onDownload={
        can(me.roles, READ.evidence)
          ? (e) => void download(`/api/v1/assessments/${assessment.id}/evidence/${e.id}`, e.filename)
          : undefined
      }
    />
  );
}
