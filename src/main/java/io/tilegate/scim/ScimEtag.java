package io.tilegate.scim;

import com.unboundid.scim2.common.exceptions.PreconditionFailedException;

/**
 * {@code meta.version} and the {@code ETag} header of a SCIM resource (RFC 7644 §3.14): a weak
 * entity tag over the resource's row version, {@code W/"<version>"}, and the {@code If-Match}
 * check of a write.
 */
public final class ScimEtag {

	private ScimEtag() {
	}

	public static String of(long version) {
		return "W/\"" + version + "\"";
	}

	/**
	 * Whether an {@code If-Match} header lets a write of the resource at this version go ahead:
	 * no header, {@code *}, or one of its tags names this version. Tags compare weakly, as a
	 * client may echo ours with or without {@code W/}.
	 */
	public static boolean matches(String ifMatch, long version) {
		if (ifMatch == null || ifMatch.isBlank()) {
			return true;
		}
		String current = String.valueOf(version);
		for (String tag : ifMatch.split(",")) {
			String value = tag.trim();
			if (value.equals("*")) {
				return true;
			}
			if (value.regionMatches(true, 0, "W/", 0, 2)) {
				value = value.substring(2);
			}
			if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
				value = value.substring(1, value.length() - 1);
			}
			if (value.equals(current)) {
				return true;
			}
		}
		return false;
	}

	/** @throws PreconditionFailedException (412) when the header names another version */
	public static void check(String ifMatch, long version) throws PreconditionFailedException {
		if (!matches(ifMatch, version)) {
			throw new PreconditionFailedException("The resource is at version " + of(version) + ", not " + ifMatch.trim()
					+ "; read it again and retry with its current ETag.");
		}
	}

}
