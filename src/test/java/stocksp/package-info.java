/**
 * A stock Spring Security SAML service provider, the benchmarks' floor for a sign-in: Spring's
 * defaults on Tilegate's stack, and nothing of Tilegate's.
 *
 * <p>It lives outside {@code io.tilegate} on purpose: {@code TilegateApplication} scans
 * {@code io.tilegate}, test classes included, and a {@code @SpringBootTest} looks for its
 * configuration up the test's own packages, so nothing here reaches Tilegate's tests.
 */
package stocksp;
