import ReservedPage from '../reserved/ReservedPage';

/** Placeholder until this area's pages land. */
export default function Page() {
  return <ReservedPage area="records" />;
}
