package io.tilegate.scim;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.tilegate.directory.RecordedEvents;
import io.tilegate.events.EventType;
import io.tilegate.system.JsonHttpResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.tilegate.scim.ScimUserErrorTests.assertError;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Adding and removing a member of a group of ten thousand, over real HTTP with the bodies
 * Okta, Entra and OneLogin send: exactly that member joins or leaves, every other stays, the
 * version goes up by one and the event names the one member. Run on H2 and on PostgreSQL.
 */
abstract class ScimLargeGroupMembersTests extends ScimGroupIntegrationTest {

	private static final int MEMBERS = 10_000;

	private String groupId;

	private List<String> members;

	@BeforeEach
	void largeGroup() {
		this.groupId = createGroup(groupName("Ten thousand"));
		this.members = users(MEMBERS);
		join(this.groupId, this.members);
	}

	@Test
	void removingOneMemberByFilterLeavesTheOthers() {
		String leaver = this.members.get(4321);

		JsonHttpResponse removed = this.scim.patch("/Groups/" + this.groupId, patch("""
				{"op": "remove", "path": "members[value eq \\"%s\\"]"}""".formatted(leaver)));

		assertThat(removed.status()).as(removed.toString()).isEqualTo(204);
		assertThat(removed.header("ETag")).isEqualTo("W/\"1\"");
		List<String> expected = new ArrayList<>(this.members);
		expected.remove(leaver);
		assertMembers(expected, "W/\"1\"");
		assertThat(membershipEvents()).singleElement()
			.satisfies((detail) -> assertThat(detail).contains("\"added\":[]")
				.contains("\"removed\":[\"" + userName(leaver) + "\"]"));
	}

	@Test
	void removingOneMemberByValueListIgnoresSomeoneWhoIsNoMember() {
		String leaver = this.members.get(0);
		String outsider = users(1).get(0);

		JsonHttpResponse removed = this.scim.patch("/Groups/" + this.groupId, patch("""
				{"op": "Remove", "path": "members", "value": [{"$ref": null, "value": "%s"}, {"value": "%s"}]}"""
			.formatted(leaver.toUpperCase(), outsider)));

		assertThat(removed.status()).as(removed.toString()).isEqualTo(204);
		List<String> expected = new ArrayList<>(this.members);
		expected.remove(leaver);
		assertMembers(expected, "W/\"1\"");
		assertThat(membershipEvents()).singleElement()
			.satisfies((detail) -> assertThat(detail).contains("\"removed\":[\"" + userName(leaver) + "\"]"));
	}

	@Test
	void addingOneMemberKeepsTheOthersAndAddingThemAgainChangesNothing() {
		String newcomer = users(1).get(0);

		JsonHttpResponse added = this.scim.patch("/Groups/" + this.groupId, patch("""
				{"op": "Add", "path": "members", "value": [{"value": "%s"}, {"value": "%s"}]}""".formatted(newcomer,
				this.members.get(17))));

		assertThat(added.status()).as(added.toString()).isEqualTo(204);
		List<String> expected = new ArrayList<>(this.members);
		expected.add(newcomer);
		assertMembers(expected, "W/\"1\"");
		assertThat(membershipEvents()).singleElement()
			.satisfies((detail) -> assertThat(detail).contains("\"added\":[\"" + userName(newcomer) + "\"]")
				.contains("\"removed\":[]"));

		JsonHttpResponse again = this.scim.patch("/Groups/" + this.groupId, patch("""
				{"op": "add", "path": "members", "value": [{"value": "%s"}]}""".formatted(newcomer)));

		assertThat(again.status()).as(again.toString()).isEqualTo(204);
		assertThat(again.header("ETag")).isEqualTo("W/\"1\"");
		assertThat(membershipEvents()).hasSize(1);
	}

	@Test
	void anUnknownMemberRefusesTheWholePatch() {
		String unknown = UUID.randomUUID().toString();

		JsonHttpResponse refused = this.scim.patch("/Groups/" + this.groupId, patch("""
				{"op": "remove", "path": "members[value eq \\"%s\\"]"},
				{"op": "add", "path": "members", "value": [{"value": "%s"}]}""".formatted(this.members.get(1), unknown)));

		assertError(refused, 400, "invalidValue");
		assertThat(refused.json().path("detail").asText()).contains("'" + unknown + "'", "Nothing was changed.");
		assertMembers(this.members, "W/\"0\"");
		assertThat(membershipEvents()).isEmpty();
	}

	private void assertMembers(List<String> expected, String version) {
		JsonHttpResponse group = this.scim.get("/Groups/" + this.groupId);
		assertThat(group.status()).as(group.toString()).isEqualTo(200);
		assertThat(values(group.json().path("members"), "value")).hasSize(expected.size())
			.containsExactlyInAnyOrderElementsOf(expected);
		assertThat(group.json().path("meta").path("version").asText()).isEqualTo(version);
	}

	/** The details of the membership events of this test's group, oldest first. */
	private List<String> membershipEvents() {
		return RecordedEvents.of(this.jdbc, EventType.GROUP_MEMBERSHIP_CHANGED, null)
			.stream()
			.map(RecordedEvents.RecordedEvent::detail)
			.filter((detail) -> detail.contains(this.groupId))
			.toList();
	}

	private String userName(String id) {
		return this.jdbc.queryForObject("select user_name from app_user where id = ?", String.class,
				UUID.fromString(id));
	}

	private static String patch(String operations) {
		return "{\"schemas\": [\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"], \"Operations\": [" + operations
				+ "]}";
	}

}
