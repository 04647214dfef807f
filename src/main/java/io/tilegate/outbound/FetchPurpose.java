package io.tilegate.outbound;

import java.util.Objects;

/**
 * What a fetch is for, in the words its refusals use: they are read by the admin who gave the
 * URL, and must say what to change.
 *
 * @param url what the URL is called, e.g. {@code metadata URL}
 * @param content what is fetched, e.g. {@code metadata} or {@code image}
 * @param accept the {@code Accept} header sent
 * @param instead what to do rather than have Tilegate fetch it, e.g. {@code upload the
 * metadata file instead}
 * @param privateAddresses the switch for private addresses and when it is meant to be used,
 * e.g. {@code set tilegate.metadata.allow-private-urls=true if the IdP runs inside your network}
 * @param sizeAdvice what to do about an answer over the size cap
 */
public record FetchPurpose(String url, String content, String accept, String instead, String privateAddresses,
		String sizeAdvice) {

	public FetchPurpose {
		Objects.requireNonNull(url, "url");
		Objects.requireNonNull(content, "content");
		Objects.requireNonNull(accept, "accept");
		Objects.requireNonNull(instead, "instead");
		Objects.requireNonNull(privateAddresses, "privateAddresses");
		Objects.requireNonNull(sizeAdvice, "sizeAdvice");
	}

}
