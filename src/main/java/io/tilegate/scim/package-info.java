/**
 * SCIM 2.0 push provisioning at {@code /scim/v2}: users and groups, filters, PATCH in the
 * dialects Okta, Entra and OneLogin speak, discovery, the tokens and limits that guard it, and
 * the meters of its calls and of its tokens' expiry.
 *
 * <p>Reads {@code access}, {@code config}, {@code connections}, {@code directory}
 * and {@code events} (personas follow the users it changes through the directory); {@code admin} and {@code api} read it.
 */
package io.tilegate.scim;
