package io.tilegate.directory;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import io.tilegate.connections.ConnectionOrigin;
import io.tilegate.connections.ConnectionSettings;
import io.tilegate.connections.Connections;
import io.tilegate.events.EventType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Pushed groups against a real database, each call in its own transaction as a SCIM call
 * makes it, so that a refusal is seen to leave nothing behind.
 */
@DirectorySlice
@Import(PushedGroups.class)
@Transactional(propagation = Propagation.NOT_SUPPORTED)
abstract class PushedGroupsTests {

	private static final String OKTA = "okta-test";

	private static final PushScope SCOPE = new PushScope(OKTA, "default", "scim:test");

	private static final PushScope OTHER = new PushScope("other-test", "default", "scim:other");

	private static final Provenance SAML = new Provenance("saml:" + OKTA, OKTA);

	@Autowired
	private PushedGroups groups;

	@Autowired
	private Directory directory;

	@Autowired
	private GroupMemberships groupMemberships;

	@Autowired
	private IdentityLinks identityLinks;

	@Autowired
	private Connections connections;

	@Autowired
	private JdbcTemplate jdbc;

	private UserSummary ada;

	private UserSummary grace;

	private UserSummary linus;

	@BeforeEach
	void directory() throws Exception {
		DirectoryTables.clear(this.jdbc);
		String xml = new ClassPathResource("metadata/static-idp.xml").getContentAsString(StandardCharsets.UTF_8);
		this.connections.save(OKTA, ConnectionSettings.metadataOnly(xml), ConnectionOrigin.API, "test");
		this.connections.save("other-test", ConnectionSettings.metadataOnly(xml), ConnectionOrigin.API, "test");
		this.ada = this.directory.createUser("ada", SAML);
		this.grace = this.directory.createUser("Grace", SAML);
		this.linus = this.directory.createUser("linus", SAML);
	}

	@AfterEach
	void clear() {
		DirectoryTables.clear(this.jdbc);
	}

	@Test
	void aGroupIsCreatedWithItsMembersAndReadBackWithOrWithoutThem() {
		GroupPush push = this.groups.create(SCOPE,
				new DesiredGroup("Engineering", "okta-00g1", List.of(id(this.grace), id(this.ada), id(this.ada))));

		assertThat(push.outcome()).isEqualTo(GroupPush.Outcome.CREATED);
		assertThat(push.changedFields()).containsExactly("displayName", "externalId", "members");
		PushedGroup created = push.group();
		assertThat(created.scimManaged()).isTrue();
		assertThat(created.version()).isZero();
		assertThat(created.members()).containsExactly(member(this.ada), member(this.grace));

		PushedGroup read = this.groups.find(SCOPE, created.id(), true).orElseThrow();
		assertThat(read.displayName()).isEqualTo("Engineering");
		assertThat(read.externalId()).isEqualTo("okta-00g1");
		assertThat(read.members()).containsExactly(member(this.ada), member(this.grace));
		assertThat(this.groups.find(SCOPE, created.id(), false).orElseThrow().members()).isNull();
		assertThat(RecordedEvents.of(this.jdbc, EventType.GROUP_CREATED, null)).singleElement()
			.satisfies((event) -> assertThat(event.actor()).isEqualTo("scim:test"));
		assertThat(RecordedEvents.of(this.jdbc, EventType.GROUP_MEMBERSHIP_CHANGED, null)).singleElement()
			.satisfies((event) -> assertThat(event.detail()).contains("\"added\":[\"ada\",\"Grace\"]")
				.contains("\"connection\":\"okta-test\""));
	}

	@Test
	void anotherConnectionSeesNothingOfIt() {
		PushedGroup group = this.groups.create(SCOPE, new DesiredGroup("Engineering", null, List.of())).group();

		assertThat(this.groups.find(OTHER, group.id(), true)).isEmpty();
		assertThat(this.groups.search(OTHER, GroupCriteria.all(), GroupOrder.oldestFirst(), 0, 100, false).total())
			.isZero();
		assertThat(this.groups.update(OTHER, group.id(), (current) -> new DesiredGroup("Mine", null, List.of())))
			.isEmpty();
		assertThat(this.groups.delete(OTHER, group.id(), (current) -> {
		})).isFalse();
		assertThat(this.groups.create(OTHER, new DesiredGroup("Engineering", null, List.of())).outcome())
			.isEqualTo(GroupPush.Outcome.CREATED);
	}

	@Test
	void aMemberWhoIsNotAUserOfTheTenantRefusesTheWholePush() {
		this.jdbc.update("update app_user set tenant_id = 'elsewhere' where id = ?", this.linus.id());
		UUID nobody = UUID.randomUUID();

		assertThatExceptionOfType(GroupPushException.class)
			.isThrownBy(() -> this.groups.create(SCOPE,
					new DesiredGroup("Engineering", null, List.of(id(this.ada), nobody.toString(), "not-an-id",
							id(this.linus)))))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(GroupPushException.Reason.INVALID_VALUE))
			.withMessageContaining(nobody.toString())
			.withMessageContaining("'not-an-id'")
			.withMessageContaining(id(this.linus))
			.withMessageNotContaining(id(this.ada));
		assertThat(this.jdbc.queryForObject("select count(*) from user_group", Integer.class)).isZero();

		PushedGroup group = this.groups.create(SCOPE, new DesiredGroup("Engineering", null, List.of(id(this.ada))))
			.group();
		assertThatExceptionOfType(GroupPushException.class).isThrownBy(() -> this.groups.update(SCOPE, group.id(),
				(current) -> new DesiredGroup("Renamed", null, List.of(id(this.grace), nobody.toString()))));
		PushedGroup unchanged = this.groups.find(SCOPE, group.id(), true).orElseThrow();
		assertThat(unchanged.displayName()).isEqualTo("Engineering");
		assertThat(unchanged.members()).containsExactly(member(this.ada));
		assertThat(unchanged.version()).isZero();
	}

	@Test
	void anUpdateWritesOnlyTheDifferenceAndCountsAVersion() {
		PushedGroup group = this.groups
			.create(SCOPE, new DesiredGroup("Engineering", null, List.of(id(this.ada), id(this.grace))))
			.group();

		GroupPush same = this.groups
			.update(SCOPE, group.id(), (current) -> new DesiredGroup("Engineering", null,
					List.of(id(this.grace), id(this.ada))))
			.orElseThrow();
		assertThat(same.outcome()).isEqualTo(GroupPush.Outcome.UNCHANGED);
		assertThat(same.group().version()).isZero();

		GroupPush changed = this.groups
			.update(SCOPE, group.id(),
					(current) -> new DesiredGroup("Engineers", "ext-1", List.of(id(this.grace), id(this.linus))))
			.orElseThrow();

		assertThat(changed.outcome()).isEqualTo(GroupPush.Outcome.UPDATED);
		assertThat(changed.changedFields()).containsExactly("displayName", "externalId", "members");
		PushedGroup read = this.groups.find(SCOPE, group.id(), true).orElseThrow();
		assertThat(read.version()).isEqualTo(1);
		assertThat(read.lastModified()).isAfterOrEqualTo(read.createdAt());
		assertThat(read.displayName()).isEqualTo("Engineers");
		assertThat(read.members()).containsExactly(member(this.grace), member(this.linus));
		assertThat(changed.group()).isEqualTo(read);
		assertThat(RecordedEvents.of(this.jdbc, EventType.GROUP_UPDATED, null)).singleElement()
			.satisfies((event) -> assertThat(event.summary()).contains("Engineering -> Engineers"));
		assertThat(RecordedEvents.of(this.jdbc, EventType.GROUP_MEMBERSHIP_CHANGED, null)).last()
			.satisfies((event) -> assertThat(event.detail()).contains("\"added\":[\"linus\"]")
				.contains("\"removed\":[\"ada\"]"));
	}

	@Test
	void stepsTouchOnlyTheMembersTheyNameInTheirOrder() {
		PushedGroup group = this.groups
			.create(SCOPE, new DesiredGroup("Engineering", null, List.of(id(this.ada), id(this.grace))))
			.group();

		GroupPush push = this.groups
			.change(SCOPE, group.id(), (current) -> {
				assertThat(current.members()).isNull();
				return new GroupChange("Engineering", null, List.of(add(this.linus, this.grace),
						remove(this.ada, this.linus), add(this.linus), remove(this.grace)));
			})
			.orElseThrow();

		assertThat(push.outcome()).isEqualTo(GroupPush.Outcome.UPDATED);
		assertThat(push.changedFields()).containsExactly("members");
		assertThat(push.changedMemberIds()).containsExactlyInAnyOrder(this.ada.id(), this.grace.id(),
				this.linus.id());
		assertThat(push.group().version()).isEqualTo(1);
		PushedGroup read = this.groups.find(SCOPE, group.id(), true).orElseThrow();
		assertThat(read.members()).containsExactly(member(this.linus));
		assertThat(read.version()).isEqualTo(1);
		assertThat(RecordedEvents.of(this.jdbc, EventType.GROUP_MEMBERSHIP_CHANGED, null)).last()
			.satisfies((event) -> assertThat(event.detail()).contains("\"added\":[\"linus\"]")
				.contains("\"removed\":[\"ada\",\"Grace\"]"));

		GroupPush replaced = this.groups
			.change(SCOPE, group.id(), (current) -> new GroupChange("Engineering", null,
					List.of(new MembershipStep(MembershipStep.Kind.REPLACE, List.of(id(this.ada), id(this.linus))))))
			.orElseThrow();
		assertThat(replaced.changedMemberIds()).containsExactly(this.ada.id());
		assertThat(replaced.group().members()).containsExactly(member(this.ada), member(this.linus));
	}

	@Test
	void stepsThatChangeNothingCountNoVersionAndTellNoOne() {
		PushedGroup group = this.groups.create(SCOPE, new DesiredGroup("Engineering", null, List.of(id(this.ada))))
			.group();

		GroupPush push = this.groups
			.change(SCOPE, group.id(), (current) -> new GroupChange("Engineering", null,
					List.of(add(this.ada), remove(this.grace),
							new MembershipStep(MembershipStep.Kind.REMOVE, List.of("not-an-id")))))
			.orElseThrow();

		assertThat(push.outcome()).isEqualTo(GroupPush.Outcome.UNCHANGED);
		assertThat(push.changedMemberIds()).isEmpty();
		assertThat(this.groups.find(SCOPE, group.id(), false).orElseThrow().version()).isZero();
		assertThat(RecordedEvents.of(this.jdbc, EventType.GROUP_MEMBERSHIP_CHANGED, null)).hasSize(1);
	}

	@Test
	void aStepAddingSomeoneWhoIsNotAUserRefusesTheWholeChange() {
		PushedGroup group = this.groups.create(SCOPE, new DesiredGroup("Engineering", null, List.of(id(this.ada))))
			.group();
		UUID nobody = UUID.randomUUID();

		assertThatExceptionOfType(GroupPushException.class)
			.isThrownBy(() -> this.groups.change(SCOPE, group.id(), (current) -> new GroupChange("Renamed", null,
					List.of(remove(this.ada), add(this.grace),
							new MembershipStep(MembershipStep.Kind.ADD, List.of(nobody.toString()))))))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(GroupPushException.Reason.INVALID_VALUE))
			.withMessageContaining(nobody.toString())
			.withMessageNotContaining(id(this.grace));
		PushedGroup unchanged = this.groups.find(SCOPE, group.id(), true).orElseThrow();
		assertThat(unchanged.displayName()).isEqualTo("Engineering");
		assertThat(unchanged.members()).containsExactly(member(this.ada));
		assertThat(unchanged.version()).isZero();
	}

	@Test
	void renamingByStepsTellsEveryMemberBeforeAndAfter() {
		PushedGroup group = this.groups
			.create(SCOPE, new DesiredGroup("Engineering", null, List.of(id(this.ada), id(this.grace))))
			.group();

		GroupPush push = this.groups
			.change(SCOPE, group.id(), (current) -> new GroupChange("Engineers", null, List.of(remove(this.ada))))
			.orElseThrow();

		assertThat(push.changedFields()).containsExactly("displayName", "members");
		assertThat(push.changedMemberIds()).containsExactlyInAnyOrder(this.ada.id(), this.grace.id());
		assertThat(this.groups.find(SCOPE, group.id(), true).orElseThrow().members())
			.containsExactly(member(this.grace));
	}

	@Test
	void oneMemberLeavesAndOneJoinsAGroupOfTenThousand() {
		PushedGroup group = this.groups.create(SCOPE, new DesiredGroup("Everyone", null, List.of())).group();
		List<UUID> members = new ArrayList<>();
		List<Object[]> rows = new ArrayList<>();
		Timestamp now = Timestamp.from(Instant.now());
		for (int i = 0; i < 10_000; i++) {
			UUID id = UUID.randomUUID();
			members.add(id);
			rows.add(new Object[] { id, "member" + i, "member" + i, now, now });
		}
		this.jdbc.batchUpdate("""
				insert into app_user (id, user_name, user_name_key, active, scim_managed, created_at, updated_at, version)
				values (?, ?, ?, true, true, ?, ?, 0)""", rows);
		this.jdbc.batchUpdate("insert into group_membership (group_id, user_id) values (?, ?)",
				members.stream().map((member) -> new Object[] { group.id(), member }).toList());
		UUID leaver = members.get(5000);

		GroupPush push = this.groups
			.change(SCOPE, group.id(), (current) -> new GroupChange("Everyone", null,
					List.of(new MembershipStep(MembershipStep.Kind.REMOVE, List.of(leaver.toString())), add(this.ada))))
			.orElseThrow();

		assertThat(push.changedMemberIds()).containsExactlyInAnyOrder(leaver, this.ada.id());
		assertThat(push.group().version()).isEqualTo(1);
		List<UUID> expected = new ArrayList<>(members);
		expected.remove(leaver);
		expected.add(this.ada.id());
		assertThat(this.jdbc.queryForList("select user_id from group_membership where group_id = ?", UUID.class,
				group.id())).hasSize(10_000).containsExactlyInAnyOrderElementsOf(expected);
		assertThat(RecordedEvents.of(this.jdbc, EventType.GROUP_MEMBERSHIP_CHANGED, null)).last()
			.satisfies((event) -> assertThat(event.detail()).contains("\"added\":[\"ada\"]")
				.contains("\"removed\":[\"member5000\"]"));
	}

	@Test
	void namesAreUniquePerConnectionWhateverTheirCase() {
		this.groups.create(SCOPE, new DesiredGroup("Engineering", null, List.of()));
		PushedGroup sales = this.groups.create(SCOPE, new DesiredGroup("Sales", null, List.of())).group();

		assertThatExceptionOfType(GroupPushException.class)
			.isThrownBy(() -> this.groups.create(SCOPE, new DesiredGroup("ENGINEERING", null, List.of())))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(GroupPushException.Reason.NAME_TAKEN));
		assertThatExceptionOfType(GroupPushException.class)
			.isThrownBy(() -> this.groups.update(SCOPE, sales.id(),
					(current) -> new DesiredGroup("engineering", null, List.of())))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(GroupPushException.Reason.NAME_TAKEN));
		assertThat(this.groups.update(SCOPE, sales.id(), (current) -> new DesiredGroup("SALES", null, List.of()))
			.orElseThrow()
			.changedFields()).containsExactly("displayName");
	}

	@Test
	void aGroupSamlAssertedIsAdoptedByTheFirstPushWithItsName() {
		this.groupMemberships.replaceGroups(this.ada.id(), OKTA, List.of("Engineering", "Sales"), SAML);
		this.groupMemberships.replaceGroups(this.grace.id(), OKTA, List.of("engineering"), SAML);
		UUID samlGroup = this.groups
			.search(SCOPE, new GroupCriteria.DisplayNameIs("engineering"), GroupOrder.oldestFirst(), 0, 1, false)
			.groups()
			.get(0)
			.id();

		GroupPush push = this.groups.create(SCOPE,
				new DesiredGroup("ENGINEERING", null, List.of(id(this.grace), id(this.linus))));

		assertThat(push.outcome()).isEqualTo(GroupPush.Outcome.ADOPTED);
		assertThat(push.group().id()).isEqualTo(samlGroup);
		PushedGroup adopted = this.groups.find(SCOPE, samlGroup, true).orElseThrow();
		assertThat(adopted.scimManaged()).isTrue();
		assertThat(adopted.displayName()).isEqualTo("ENGINEERING");
		assertThat(adopted.members()).containsExactly(member(this.grace), member(this.linus));
		assertThat(RecordedEvents.of(this.jdbc, EventType.GROUP_UPDATED, null))
			.anyMatch((event) -> event.summary().contains("now pushed by SCIM"));
	}

	@Test
	void samlSignInsNeitherAddNorRemoveMembersOfAPushedGroup() {
		PushedGroup engineering = this.groups
			.create(SCOPE, new DesiredGroup("Engineering", null, List.of(id(this.ada))))
			.group();

		this.groupMemberships.replaceGroups(this.ada.id(), OKTA, List.of("Sales"), SAML);
		this.groupMemberships.replaceGroups(this.grace.id(), OKTA, List.of("ENGINEERING"), SAML);

		assertThat(groupsOf(this.ada)).containsExactlyInAnyOrder("Engineering", "Sales");
		assertThat(groupsOf(this.grace)).isEmpty();
		assertThat(this.jdbc.queryForObject("select count(*) from user_group where connection_id = ?", Integer.class,
				OKTA)).isEqualTo(2);

		this.groups.update(SCOPE, engineering.id(), (current) -> new DesiredGroup("Engineering", null, List.of()));
		this.groupMemberships.replaceGroups(this.ada.id(), OKTA, List.of("Engineering", "Sales"), SAML);
		assertThat(groupsOf(this.ada)).containsExactly("Sales");
	}

	@Test
	void searchesByNameExternalIdIdAndMemberInAStableOrder() {
		PushedGroup a = this.groups.create(SCOPE, new DesiredGroup("Alpha", "x-1", List.of(id(this.ada)))).group();
		PushedGroup b = this.groups.create(SCOPE, new DesiredGroup("Beta", "X-1", List.of(id(this.ada)))).group();
		PushedGroup c = this.groups.create(SCOPE, new DesiredGroup("Gamma", null, List.of(id(this.grace)))).group();
		this.groups.create(OTHER, new DesiredGroup("Alpha", "x-1", List.of(id(this.ada))));

		assertThat(ids(new GroupCriteria.DisplayNameIs("ALPHA"))).containsExactly(a.id());
		assertThat(ids(new GroupCriteria.ExternalIdIs("x-1"))).containsExactly(a.id());
		assertThat(ids(new GroupCriteria.IdIs(c.id().toString()))).containsExactly(c.id());
		assertThat(ids(new GroupCriteria.IdIs("not-an-id"))).isEmpty();
		assertThat(ids(new GroupCriteria.HasMember(id(this.ada)))).containsExactly(a.id(), b.id());
		assertThat(ids(new GroupCriteria.AllOf(List.of(new GroupCriteria.IdIs(b.id().toString()),
				new GroupCriteria.HasMember(id(this.ada)))))).containsExactly(b.id());
		assertThat(ids(new GroupCriteria.AnyOf(List.of(new GroupCriteria.DisplayNameIs("gamma"),
				new GroupCriteria.ExternalIdIs("X-1"))))).containsExactly(b.id(), c.id());
		assertThat(ids(GroupCriteria.all())).containsExactly(a.id(), b.id(), c.id());

		GroupPage second = this.groups.search(SCOPE, GroupCriteria.all(), GroupOrder.oldestFirst(), 1, 1, true);
		assertThat(second.total()).isEqualTo(3);
		assertThat(second.groups()).singleElement()
			.satisfies((group) -> assertThat(group.members()).containsExactly(member(this.ada)));
		assertThat(this.groups.search(SCOPE, GroupCriteria.all(), GroupOrder.oldestFirst(), 0, 0, true).groups())
			.isEmpty();
		assertThat(this.groups.search(SCOPE, GroupCriteria.all(), GroupOrder.oldestFirst(), 5, 10, true).groups())
			.isEmpty();
	}

	@Test
	void deletingAGroupTakesItsMembershipsAndFreesItsNameForSaml() {
		PushedGroup group = this.groups
			.create(SCOPE, new DesiredGroup("Engineering", null, List.of(id(this.ada), id(this.grace))))
			.group();
		this.identityLinks.link(this.ada.id(), OKTA, "ada@example.com", LinkMethod.USER_NAME);
		this.jdbc.update("update identity_link set attributes_digest = 'digest'");

		assertThat(this.groups.delete(SCOPE, group.id(), (current) -> {
		})).isTrue();

		assertThat(this.groups.find(SCOPE, group.id(), false)).isEmpty();
		assertThat(this.jdbc.queryForObject("select count(*) from group_membership", Integer.class)).isZero();
		assertThat(this.jdbc.queryForObject("select count(*) from identity_link where attributes_digest is null",
				Integer.class)).isEqualTo(1);
		assertThat(RecordedEvents.of(this.jdbc, EventType.GROUP_DELETED, null)).singleElement()
			.satisfies((event) -> assertThat(event.detail()).contains("\"removed\":[\"ada\",\"Grace\"]"));
		this.groupMemberships.replaceGroups(this.grace.id(), OKTA, List.of("Engineering"), SAML);
		assertThat(groupsOf(this.grace)).containsExactly("Engineering");
	}

	@Test
	void aRefusingCheckOrEditWritesNothing() {
		PushedGroup group = this.groups.create(SCOPE, new DesiredGroup("Engineering", null, List.of(id(this.ada))))
			.group();

		assertThatExceptionOfType(Exception.class).isThrownBy(() -> this.groups.delete(SCOPE, group.id(), (current) -> {
			throw new Exception("version mismatch");
		}));
		assertThatExceptionOfType(Exception.class)
			.isThrownBy(() -> this.groups.update(SCOPE, group.id(), (current) -> {
				throw new Exception("version mismatch");
			}));

		assertThat(this.groups.find(SCOPE, group.id(), true).orElseThrow().members()).containsExactly(member(this.ada));
	}

	private List<UUID> ids(GroupCriteria criteria) {
		return this.groups.search(SCOPE, criteria, GroupOrder.oldestFirst(), 0, 100, false)
			.groups()
			.stream()
			.map(PushedGroup::id)
			.toList();
	}

	private List<String> groupsOf(UserSummary user) {
		return this.directory.profile(user.id())
			.orElseThrow()
			.groups()
			.stream()
			.filter((group) -> OKTA.equals(group.connectionId()))
			.map(UserProfile.Group::name)
			.toList();
	}

	private static String id(UserSummary user) {
		return user.id().toString();
	}

	private static MembershipStep add(UserSummary... users) {
		return new MembershipStep(MembershipStep.Kind.ADD, Stream.of(users).map(PushedGroupsTests::id).toList());
	}

	private static MembershipStep remove(UserSummary... users) {
		return new MembershipStep(MembershipStep.Kind.REMOVE, Stream.of(users).map(PushedGroupsTests::id).toList());
	}

	private static GroupMember member(UserSummary user) {
		return new GroupMember(user.id(), user.userName());
	}

}
