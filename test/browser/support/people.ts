/** The people of the browser journeys; each journey adds the users it needs through the console. */
export const ORGANIZATION = 'Acme Legal GmbH';
export const ADMIN = { email: 'ada.admin@acme.example', name: 'Ada Admin', password: 'Korund-Lattice-4821' };
