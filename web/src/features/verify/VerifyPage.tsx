import ReservedPage from '../reserved/ReservedPage';

/** Placeholder until the public certificate check lands. */
export default function VerifyPage() {
  return <ReservedPage area="verify" standalone />;
}
