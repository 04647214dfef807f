/**
 * SCIM 2.0 push provisioning at {@code /scim/v2}: users and groups, filters, PATCH in the
 * dialects Okta, Entra and OneLogin speak, discovery, the tokens and limits that guard it, and
 * the meters of its calls and of its tokens' expiry.
 *
 * <p>Reads {@code access}, {@code config}, {@code connections}, {@code directory},
 * {@code events} and {@code sessions} (personas, and the sessions of users it deactivates,
 * follow the users it changes through the directory; a deleted user's sessions it ends
 * itself); {@code admin} and {@code api} read it.
 */
package io.tilegate.scim;
