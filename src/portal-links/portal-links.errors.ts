import { featureErrors } from '../platform/errors/feature-errors';

/** The codes of portal-links' own rules: what its services throw and its routes document. */
export const PortalLinkErrors = featureErrors({
  PORTAL_LINK_REVOKED: [409, 'the portal link is already revoked'],
});
