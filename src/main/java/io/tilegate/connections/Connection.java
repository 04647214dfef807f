package io.tilegate.connections;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/** One identity provider: its metadata, how its attributes map, and what it may do. */
@Entity
@Table(name = "idp_connection")
public class Connection {

	@Id
	private String id;

	@Column(name = "entity_id", nullable = false)
	private String entityId;

	@Column(name = "metadata_xml", nullable = false)
	private String metadataXml;

	@Column(nullable = false)
	private String preset;

	@Column(name = "attribute_overrides", nullable = false)
	private String attributeOverrides;

	@Column(name = "allow_idp_initiated", nullable = false)
	private boolean allowIdpInitiated;

	@Column(name = "link_by_email", nullable = false)
	private boolean linkByEmail;

	@Column(name = "saml_updates_scim_managed", nullable = false)
	private boolean samlUpdatesScimManaged;

	@Enumerated(EnumType.STRING)
	@Column(nullable = false)
	private ConnectionOrigin origin;

	@Column(name = "metadata_url")
	private String metadataUrl;

	@Column(name = "admin_groups", nullable = false)
	private String adminGroups = "";

	@Column(name = "display_name")
	private String displayName;

	@Column(name = "max_session_age_seconds")
	private Integer maxSessionAgeSeconds;

	// A change bumps the version, so every node's cached policy sees it at the next sign-in.
	// Eager: pages and policies read connections after the transaction that found them.
	@ElementCollection(fetch = FetchType.EAGER)
	@CollectionTable(name = "connection_email_domain", joinColumns = @JoinColumn(name = "connection_id"))
	@Column(name = "domain", nullable = false)
	@OrderBy
	private Set<String> emailDomains = new LinkedHashSet<>();

	// Written by SQL only: a refresh that finds nothing new must not bump the version.
	@Column(name = "metadata_refreshed_at", insertable = false, updatable = false)
	private Instant metadataRefreshedAt;

	@Column(name = "metadata_refresh_error", insertable = false, updatable = false)
	private String metadataRefreshError;

	@Version
	private long version;

	@Column(name = "created_at", nullable = false, updatable = false)
	private Instant createdAt;

	@Column(name = "updated_at", nullable = false)
	private Instant updatedAt;

	/** One deployment is one tenant today; the column keeps a second one possible. */
	@Column(name = "tenant_id", nullable = false)
	private String tenantId = "default";

	protected Connection() {
	}

	Connection(String id, Instant now) {
		this.id = id;
		this.createdAt = now;
		this.updatedAt = now;
		this.preset = "okta";
		this.attributeOverrides = "{}";
		this.allowIdpInitiated = true;
		this.linkByEmail = true;
		this.samlUpdatesScimManaged = false;
		this.origin = ConnectionOrigin.API;
	}

	public String getId() {
		return this.id;
	}

	public String getEntityId() {
		return this.entityId;
	}

	public String getMetadataXml() {
		return this.metadataXml;
	}

	public String getPreset() {
		return this.preset;
	}

	/** Per-field overrides of the preset, as JSON: field key to attribute name. */
	String getAttributeOverridesJson() {
		return this.attributeOverrides;
	}

	public boolean isAllowIdpInitiated() {
		return this.allowIdpInitiated;
	}

	public boolean isLinkByEmail() {
		return this.linkByEmail;
	}

	public boolean isSamlUpdatesScimManaged() {
		return this.samlUpdatesScimManaged;
	}

	/** Groups whose members sign in through this connection as admins, in the order given. */
	public List<String> getAdminGroups() {
		return this.adminGroups.isEmpty() ? List.of() : List.of(this.adminGroups.split("\n"));
	}

	void setAdminGroups(List<String> adminGroups) {
		this.adminGroups = String.join("\n", adminGroups);
	}

	/**
	 * The email domains this connection's IdP owns, in alphabetical order: only a user whose
	 * email is in one of them may be linked by email to a sign-in through it.
	 */
	public List<String> getEmailDomains() {
		return List.copyOf(this.emailDomains);
	}

	void setEmailDomains(List<String> emailDomains) {
		if (!getEmailDomains().equals(emailDomains)) {
			this.emailDomains.clear();
			this.emailDomains.addAll(emailDomains);
		}
	}

	/** What the sign-in buttons call this connection: the name an admin gave it, else its id. */
	public String getDisplayName() {
		return (this.displayName != null) ? this.displayName : this.id;
	}

	/** The name an admin gave the connection; {@code null} when the id is shown. */
	public String getGivenDisplayName() {
		return this.displayName;
	}

	void setDisplayName(String displayName) {
		this.displayName = displayName;
	}

	/** The longest a session signed in here lasts; {@code null} when it is the user session timeout. */
	public Duration getMaxSessionAge() {
		return (this.maxSessionAgeSeconds != null) ? Duration.ofSeconds(this.maxSessionAgeSeconds) : null;
	}

	void setMaxSessionAge(Duration maxSessionAge) {
		this.maxSessionAgeSeconds = (maxSessionAge != null) ? Math.toIntExact(maxSessionAge.toSeconds()) : null;
	}

	public ConnectionOrigin getOrigin() {
		return this.origin;
	}

	public long getVersion() {
		return this.version;
	}

	public Instant getCreatedAt() {
		return this.createdAt;
	}

	public Instant getUpdatedAt() {
		return this.updatedAt;
	}

	/** Where the metadata is fetched from again, or {@code null} when it was uploaded. */
	public String getMetadataUrl() {
		return this.metadataUrl;
	}

	/** When the metadata was last fetched from its URL successfully. */
	public Instant getMetadataRefreshedAt() {
		return this.metadataRefreshedAt;
	}

	/** Why the last fetch from the URL failed; {@code null} once one succeeds. */
	public String getMetadataRefreshError() {
		return this.metadataRefreshError;
	}

	void setMetadataUrl(String metadataUrl) {
		this.metadataUrl = metadataUrl;
	}

	void setMetadata(String entityId, String metadataXml) {
		this.entityId = entityId;
		this.metadataXml = metadataXml;
	}

	void setPreset(String preset) {
		this.preset = preset;
	}

	void setAttributeOverridesJson(String json) {
		this.attributeOverrides = json;
	}

	void setAllowIdpInitiated(boolean allowIdpInitiated) {
		this.allowIdpInitiated = allowIdpInitiated;
	}

	void setLinkByEmail(boolean linkByEmail) {
		this.linkByEmail = linkByEmail;
	}

	void setSamlUpdatesScimManaged(boolean samlUpdatesScimManaged) {
		this.samlUpdatesScimManaged = samlUpdatesScimManaged;
	}

	void setOrigin(ConnectionOrigin origin) {
		this.origin = origin;
	}

	void touch(Instant now) {
		this.updatedAt = now;
	}

	public String getTenantId() {
		return this.tenantId;
	}

}
