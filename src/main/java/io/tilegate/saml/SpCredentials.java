package io.tilegate.saml;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.Map;

import io.tilegate.config.SpKeyRolloverProperties;
import io.tilegate.config.TilegateProperties;
import io.tilegate.events.EventLog;
import io.tilegate.events.EventType;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.saml2.core.Saml2X509Credential;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

/**
 * The service provider's key pairs: from configuration when given, otherwise generated at first
 * start and kept in the database so every node and every restart presents the same
 * certificates to the IdPs.
 *
 * <p>A pair rolls over without an outage: the next pair is published in the SP metadata and
 * decrypts from the moment it exists, while the current one goes on signing; once the IdPs
 * have the next certificate, the admin promotes it, and the replaced pair is still published
 * and still decrypts for a grace period, for the IdPs that read the metadata late. The pairs
 * are read again from the database whenever another node changed them, once per request at
 * most.
 */
@Component
public class SpCredentials {

	private static final Logger logger = LoggerFactory.getLogger(SpCredentials.class);

	private static final String READ_IN_REQUEST = SpCredentials.class.getName() + ".ring";

	private final SpCredentialRepository repository;

	private final TransactionTemplate transactions;

	private final JdbcTemplate jdbc;

	private final EventLog events;

	private final Clock clock;

	private final Duration gracePeriod;

	private final String subject;

	private final boolean configured;

	private volatile SpKeyRing ring;

	SpCredentials(TilegateProperties properties, SpKeyRolloverProperties rollover, SpCredentialRepository repository,
			PlatformTransactionManager transactions, JdbcTemplate jdbc, EventLog events, Clock clock) {
		this.repository = repository;
		this.transactions = (transactions != null) ? new TransactionTemplate(transactions) : null;
		this.jdbc = jdbc;
		this.events = events;
		this.clock = clock;
		this.gracePeriod = rollover.keyGracePeriod();
		this.subject = "CN=" + properties.baseUrl().getHost() + " Tilegate SP";
		TilegateProperties.Saml saml = properties.saml();
		this.configured = hasText(saml.signingKey()) || hasText(saml.signingCertificate());
		if (this.configured) {
			this.ring = SpKeyRing.configured(
					configuredPair("tilegate.saml.signing-key", saml.signingKey(), saml.signingCertificate()),
					configuredPair("tilegate.saml.next-signing-key", rollover.nextSigningKey(),
							rollover.nextSigningCertificate()));
			logger.info("SP signing key: from configuration (certificate {}){}",
					this.ring.current().certificate().getSubjectX500Principal(),
					(this.ring.next() != null) ? ", with a next pair published beside it" : "");
			return;
		}
		if (hasText(rollover.nextSigningKey()) || hasText(rollover.nextSigningCertificate())) {
			throw new IllegalStateException("tilegate.saml.next-signing-key is set but tilegate.saml.signing-key is "
					+ "not: configure the current pair too, or leave both out and roll the generated pair over in "
					+ "the console.");
		}
		if (this.transactions.execute((status) -> repository.findBySlot(SpCredential.CURRENT).isEmpty())) {
			generateFirst();
		}
		this.ring = load(signature());
	}

	private void generateFirst() {
		try {
			this.transactions.executeWithoutResult((status) -> this.repository.saveAndFlush(generate(1,
					SpCredential.CURRENT)));
			logger.info("Generated the SP signing and encryption key pair and stored it in the database");
		}
		catch (DataIntegrityViolationException ex) {
			// Another node generated one at the same moment: use theirs, so all nodes agree.
		}
	}

	private SpCredential generate(int id, String slot) {
		KeyPair pair = generateKeyPair();
		Instant now = Instant.now(this.clock).truncatedTo(ChronoUnit.MICROS);
		X509Certificate certificate = selfSign(pair, this.subject, now, Duration.ofDays(3650));
		return new SpCredential(id, slot, toPem(pair.getPrivate()), toPem(certificate), now);
	}

	/** The certificate that signs; what an IdP that knows one certificate of ours must know. */
	public X509Certificate certificate() {
		return ring().current().certificate();
	}

	/** The current pair, which signs AuthnRequests, LogoutRequests and LogoutResponses. */
	public Saml2X509Credential signing() {
		return ring().current().signing();
	}

	/** Every published pair, the current one first: an IdP may encrypt to any of them. */
	public List<Saml2X509Credential> decryption() {
		return ring().published().stream().map(SpKeyRing.Pair::decryption).toList();
	}

	/**
	 * The pairs as they stand, read once per request: a registration is rebuilt when this is a
	 * different ring from the one it was built with.
	 */
	SpKeyRing ring() {
		if (this.configured) {
			return this.ring;
		}
		RequestAttributes request = RequestContextHolder.getRequestAttributes();
		if (request != null && request.getAttribute(READ_IN_REQUEST, RequestAttributes.SCOPE_REQUEST) instanceof SpKeyRing read) {
			return read;
		}
		String signature = signature();
		SpKeyRing known = this.ring;
		if (!known.signature().equals(signature)) {
			known = load(signature);
			this.ring = known;
		}
		if (request != null) {
			request.setAttribute(READ_IN_REQUEST, known, RequestAttributes.SCOPE_REQUEST);
		}
		return known;
	}

	/** The published pairs as the console and the admin API show them, the current one first. */
	public List<SpKey> keys() {
		SpKeyRing ring = ring();
		return ring.published().stream().map((pair) -> pair.describe(this.gracePeriod)).toList();
	}

	/**
	 * When the next pair entered the SP metadata: fetches since then may have picked it up.
	 * {@code null} without a next pair, or when it is configured (Tilegate cannot know when).
	 */
	public Instant nextPublishedAt() {
		SpKeyRing.Pair next = ring().next();
		return (next != null) ? next.publishedAt() : null;
	}

	/** Whether the pairs come from configuration, where the console cannot change them. */
	public boolean configured() {
		return this.configured;
	}

	/**
	 * Generates the next pair: published and decrypting from now, signing nothing yet.
	 * @throws SpKeyRolloverException when the pairs are configured, or a next pair exists already
	 */
	public SpKey createNext(String actor) {
		refuseWhenConfigured("create a next key pair");
		SpKey key;
		try {
			// The pair and its event commit together, so that no node stopped in between leaves a
			// pair the event log never mentions.
			key = this.transactions.execute((status) -> {
				if (this.repository.findBySlot(SpCredential.NEXT).isPresent()) {
					throw new SpKeyRolloverException("A next key pair exists already: promote it once the IdPs have its "
							+ "certificate, before creating another.");
				}
				SpCredential created = this.repository
					.saveAndFlush(generate(this.repository.highestId() + 1, SpCredential.NEXT));
				SpKey described = SpKeyRing.Pair.of(created).describe(this.gracePeriod);
				this.events
					.event(EventType.SP_KEY_CREATED, "Next SP key pair created: certificate "
							+ described.sha256Fingerprint()
							+ " is published in every connection's SP metadata and decrypts; the current pair still signs")
					.actor(actor)
					.detailJson(Map.of("certificate", described.sha256Fingerprint(), "notAfter",
							described.notAfter().toString()))
					.record();
				return described;
			});
		}
		catch (DataIntegrityViolationException ex) {
			throw new SpKeyRolloverException("Another admin created a next key pair at the same moment: reload and "
					+ "use that one.");
		}
		logger.info("Next SP key pair {} created by {}", key.sha256Fingerprint(), actor);
		return key;
	}

	/**
	 * Makes the next pair the current one, which signs from now on; the replaced pair is still
	 * published and still decrypts for the grace period.
	 * @throws SpKeyRolloverException when the pairs are configured, or there is no next pair
	 */
	public SpKey promoteNext(String actor) {
		refuseWhenConfigured("promote the next key pair");
		Instant now = Instant.now(this.clock).truncatedTo(ChronoUnit.MICROS);
		SpKey key;
		try {
			key = this.transactions.execute((status) -> {
				SpCredential next = this.repository.findBySlot(SpCredential.NEXT)
					.orElseThrow(() -> new SpKeyRolloverException("There is no next key pair to promote: create one, "
							+ "give its certificate to the IdPs, then promote it."));
				SpCredential current = this.repository.findBySlot(SpCredential.CURRENT).orElseThrow();
				current.supersede(now);
				this.repository.saveAndFlush(current);
				next.promote(now);
				this.repository.saveAndFlush(next);
				SpKey described = SpKeyRing.Pair.of(next).describe(this.gracePeriod);
				this.events
					.event(EventType.SP_KEY_PROMOTED, "SP key pair " + described.sha256Fingerprint() + " promoted: it "
							+ "signs from now on; the replaced pair is still published and decrypts until "
							+ now.plus(this.gracePeriod))
					.actor(actor)
					.detailJson(Map.of("certificate", described.sha256Fingerprint(), "gracePeriod",
							this.gracePeriod.toString()))
					.record();
				return described;
			});
		}
		catch (DataIntegrityViolationException ex) {
			throw new SpKeyRolloverException("Another admin changed the key pairs at the same moment: reload and look "
					+ "again.");
		}
		logger.info("SP key pair {} promoted by {}", key.sha256Fingerprint(), actor);
		return key;
	}

	/**
	 * Retires every replaced pair whose grace period is over: gone from the metadata, its
	 * private key deleted. Run by the daily check; harmless when two nodes run it.
	 * @return the pairs retired now
	 */
	public List<SpKey> retireOutgrown() {
		if (this.configured) {
			return List.of();
		}
		Instant now = Instant.now(this.clock);
		List<SpKey> retired = this.transactions.execute((status) -> this.repository.findByRetiredAtIsNullOrderByIdAsc()
			.stream()
			.filter((pair) -> pair.getSlot() == null && !pair.getSupersededAt().plus(this.gracePeriod).isAfter(now))
			.map((pair) -> {
				SpKey key = SpKeyRing.Pair.of(pair).describe(this.gracePeriod);
				pair.retire(now);
				this.repository.saveAndFlush(pair);
				this.events
					.event(EventType.SP_KEY_RETIRED, "SP key pair " + key.sha256Fingerprint() + " retired after its "
							+ "grace period: no longer in the SP metadata, no longer decrypts, and its private key is "
							+ "deleted")
					.actor("system")
					.detailJson(Map.of("certificate", key.sha256Fingerprint()))
					.record();
				return key;
			})
			.toList());
		for (SpKey key : retired) {
			logger.info("SP key pair {} retired after its grace period of {}", key.sha256Fingerprint(), this.gracePeriod);
		}
		return retired;
	}


	private void refuseWhenConfigured(String what) {
		if (this.configured) {
			throw new SpKeyRolloverException("The SP key pairs come from configuration (tilegate.saml.signing-key), so "
					+ "Tilegate cannot " + what + ": set tilegate.saml.next-signing-key and -certificate, and swap them "
					+ "with the current pair when the IdPs have the new certificate (docs/key-rollover.md).");
		}
	}

	/** Which pairs are published in which slot: it changes whenever any node changes them. */
	private String signature() {
		return String.join(",", this.jdbc.queryForList(
				"select cast(id as varchar(12)) || ':' || coalesce(slot, '-') from sp_credential where retired_at is null order by id",
				String.class));
	}

	private SpKeyRing load(String signature) {
		List<SpCredential> rows = this.transactions
			.execute((status) -> this.repository.findByRetiredAtIsNullOrderByIdAsc());
		return SpKeyRing.of(signature, rows.stream().map(SpKeyRing.Pair::of).toList());
	}

	private static SpKeyRing.Pair configuredPair(String property, String keyPem, String certificatePem) {
		if (!hasText(keyPem) && !hasText(certificatePem)) {
			return null;
		}
		if (!hasText(keyPem) || !hasText(certificatePem)) {
			throw new IllegalStateException("Set both " + property + " and "
					+ property.replace("-key", "-certificate") + " (PEM), or neither"
					+ (property.contains("next") ? "." : " to have Tilegate generate and keep a key pair."));
		}
		return SpKeyRing.Pair.configured(readPrivateKey(keyPem), readCertificate(certificatePem));
	}

	static KeyPair generateKeyPair() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
			generator.initialize(2048, new SecureRandom());
			return generator.generateKeyPair();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	static X509Certificate selfSign(KeyPair pair, String subject, Instant now, Duration validity) {
		try {
			X500Name name = new X500Name(subject);
			JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name,
					new BigInteger(64, new SecureRandom()), Date.from(now.minus(Duration.ofDays(1))),
					Date.from(now.plus(validity)), name, pair.getPublic());
			X509CertificateHolder holder = builder
				.build(new JcaContentSignerBuilder("SHA256withRSA").build(pair.getPrivate()));
			return new JcaX509CertificateConverter().getCertificate(holder);
		}
		catch (OperatorCreationException | java.security.cert.CertificateException ex) {
			throw new IllegalStateException("Could not create the SP certificate", ex);
		}
	}

	static String toPem(Object object) {
		StringWriter out = new StringWriter();
		try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
			writer.writeObject(object);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		return out.toString();
	}

	static PrivateKey readPrivateKey(String pem) {
		try (PEMParser parser = new PEMParser(new StringReader(pem))) {
			Object object = parser.readObject();
			JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
			if (object instanceof PEMKeyPair keyPair) {
				return converter.getPrivateKey(keyPair.getPrivateKeyInfo());
			}
			if (object instanceof PrivateKeyInfo info) {
				return converter.getPrivateKey(info);
			}
			throw new IllegalStateException("The SP signing key is not an unencrypted PEM private key");
		}
		catch (IOException ex) {
			throw new IllegalStateException("The SP signing key could not be read: " + ex.getMessage(), ex);
		}
	}

	static X509Certificate readCertificate(String pem) {
		try (PEMParser parser = new PEMParser(new StringReader(pem))) {
			Object object = parser.readObject();
			if (object instanceof X509CertificateHolder holder) {
				return new JcaX509CertificateConverter().getCertificate(holder);
			}
			throw new IllegalStateException("The SP certificate is not a PEM X.509 certificate");
		}
		catch (IOException | java.security.cert.CertificateException ex) {
			throw new IllegalStateException("The SP certificate could not be read: " + ex.getMessage(), ex);
		}
	}

	private static boolean hasText(String value) {
		return value != null && !value.isBlank();
	}

}
