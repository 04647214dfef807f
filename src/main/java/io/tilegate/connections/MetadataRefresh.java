package io.tilegate.connections;

import java.time.Instant;
import java.util.List;

/**
 * What fetching a connection's metadata again changed.
 *
 * @param changed whether the metadata differed and was applied as a new version
 */
public record MetadataRefresh(String connectionId, String metadataUrl, boolean changed,
		List<SigningCertificate> certificatesAdded, List<SigningCertificate> certificatesRemoved, Instant refreshedAt) {
}
