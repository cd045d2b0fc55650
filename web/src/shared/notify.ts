import { notifications } from '@mantine/notifications';
import i18n from './i18n/i18n';

/** A toast whose close button says what it does (axe: every button has a name). */
export function notify(message: string, color?: 'green' | 'red'): void {
  notifications.show({ message, color, closeButtonProps: { 'aria-label': i18n.t('common.close') } });
}
