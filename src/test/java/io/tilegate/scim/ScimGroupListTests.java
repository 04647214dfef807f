package io.tilegate.scim;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import io.tilegate.directory.PushedGroups;
import io.tilegate.system.JsonHttpResponse;
import org.junit.jupiter.api.Test;

import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.clearInvocations;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

/** Listing and filtering groups: what IdPs look groups up by, and paging through all of them. */
class ScimGroupListTests extends ScimGroupIntegrationTest {

	// A spy, not a mock: the real directory answers, and the test sees what it was asked.
	@MockitoSpyBean
	PushedGroups groups;

	@Test
	void filtersOnNameExternalIdIdAndMember() {
		TestUser ada = user("ada");
		TestUser grace = user("grace");
		String alpha = groupName("Alpha");
		String alphaId = createGroup(alpha, ada);
		String betaId = createGroup(groupName("Beta"), ada, grace);
		this.scim.patch("/Groups/" + betaId,
				"{\"Operations\":[{\"op\":\"add\",\"value\":{\"externalId\":\"ext-" + betaId + "\"}}]}");

		assertThat(ids("displayName eq \"" + alpha.toLowerCase() + "\"")).containsExactly(alphaId);
		assertThat(ids("urn:ietf:params:scim:schemas:core:2.0:Group:displayName eq \"" + alpha + "\""))
			.containsExactly(alphaId);
		assertThat(ids("externalId eq \"ext-" + betaId + "\"")).containsExactly(betaId);
		assertThat(ids("externalId eq \"EXT-" + betaId + "\"")).isEmpty();
		assertThat(ids("id eq \"" + betaId + "\"")).containsExactly(betaId);
		assertThat(ids("id eq \"nonsense\"")).isEmpty();
		assertThat(ids("members[value eq \"" + ada.id() + "\"]")).containsExactly(alphaId, betaId);
		assertThat(ids("members.value eq \"" + grace.id() + "\"")).containsExactly(betaId);
		assertThat(ids("id eq \"" + alphaId + "\" and members[value eq \"" + grace.id() + "\"]")).isEmpty();
		assertThat(ids("id eq \"" + betaId + "\" and members[value eq \"" + grace.id() + "\"]")).containsExactly(betaId);
		assertThat(ids("id eq \"" + alphaId + "\" or id eq \"" + betaId + "\"")).containsExactly(alphaId, betaId);
	}

	@Test
	void filtersItCannotAnswerExactlyAreRefused() {
		for (String filter : List.of("displayName co \"a\"", "displayName ne \"a\"", "displayName pr",
				"meta.lastModified gt \"2024-01-01T00:00:00Z\"", "not (displayName eq \"a\")", "displayName eq 42",
				"members[display eq \"ada\"]", "urn:ietf:params:scim:schemas:core:2.0:User:userName eq \"a\"",
				"displayName eq", "(".repeat(1000) + "displayName eq \"a\"" + ")".repeat(1000))) {
			JsonHttpResponse response = this.scim.get("/Groups?filter=" + ScimHttp.q(filter));
			assertThat(response.status()).as(filter + " -> " + response).isEqualTo(400);
			assertThat(response.json().path("scimType").asText()).as(filter).isEqualTo("invalidFilter");
		}
	}

	@Test
	void pagesAreStableAndCountIsCapped() {
		String connection = "paging-" + UUID.randomUUID().toString().substring(0, 8);
		connect(connection);
		ScimHttp paging = this.scim.withToken(newToken(connection));
		Instant created = Instant.parse("2024-01-01T00:00:00Z");
		List<Object[]> rows = new ArrayList<>();
		for (int i = 0; i < 205; i++) {
			// Several groups share a creation instant: the order must still be total.
			Timestamp at = Timestamp.from(created.plusSeconds(i / 3));
			rows.add(new Object[] { UUID.randomUUID(), connection, "Group " + i, "group " + i, at, at });
		}
		this.jdbc.batchUpdate("insert into user_group (id, connection_id, display_name, name_key, created_at, updated_at)"
				+ " values (?, ?, ?, ?, ?, ?)", rows);

		JsonNode capped = paging.get("/Groups?count=100000").json();
		assertThat(capped.path("totalResults").asInt()).isEqualTo(205);
		assertThat(capped.path("itemsPerPage").asInt()).isEqualTo(200);
		assertThat(capped.path("Resources")).hasSize(200);

		List<String> paged = new ArrayList<>();
		for (int start = 1; start <= 205; start += 100) {
			JsonNode page = paging.get("/Groups?startIndex=" + start + "&count=100&excludedAttributes=members").json();
			assertThat(page.path("startIndex").asInt()).isEqualTo(start);
			paged.addAll(values(page.path("Resources"), "displayName"));
		}
		assertThat(paged).hasSize(205).doesNotHaveDuplicates();
		assertThat(paged.subList(0, 200)).isEqualTo(values(capped.path("Resources"), "displayName"));
		for (int position = 0; position < paged.size(); position++) {
			int index = Integer.parseInt(paged.get(position).substring("Group ".length()));
			assertThat(index / 3).as("creation second of the group at %d", position).isEqualTo(position / 3);
		}

		JsonNode onlyCount = paging.get("/Groups?count=0").json();
		assertThat(onlyCount.path("totalResults").asInt()).isEqualTo(205);
		assertThat(onlyCount.path("Resources")).isEmpty();
		JsonNode beyond = paging.get("/Groups?startIndex=300").json();
		assertThat(beyond.path("Resources")).isEmpty();
		JsonNode zero = paging.get("/Groups?startIndex=0&count=-5").json();
		assertThat(zero.path("startIndex").asInt()).isEqualTo(1);
		assertThat(zero.path("itemsPerPage").asInt()).isZero();
		assertThat(paging.get("/Groups?count=many").status()).isEqualTo(400);
	}

	@Test
	void excludingMembersNeverReadsThem() {
		TestUser ada = user("ada");
		String name = groupName("Big");
		String id = createGroup(name, ada);
		clearInvocations(this.groups);

		JsonNode list = this.scim
			.get("/Groups?excludedAttributes=members&filter=" + ScimHttp.q("displayName eq \"" + name + "\""))
			.json();
		JsonNode one = this.scim.get("/Groups/" + id + "?excludedAttributes=members").json();

		assertThat(list.path("Resources").get(0).has("members")).isFalse();
		assertThat(list.path("Resources").get(0).path("displayName").asText()).isEqualTo(name);
		assertThat(one.has("members")).isFalse();
		verify(this.groups).search(any(), any(), any(), anyInt(), anyInt(), eq(false));
		verify(this.groups).find(any(), any(), eq(false));
		verify(this.groups, never()).search(any(), any(), any(), anyInt(), anyInt(), eq(true));
		verify(this.groups, never()).find(any(), any(), eq(true));

		this.scim.get("/Groups/" + id + "?attributes=displayName");
		verify(this.groups, times(2)).find(any(), any(), eq(false));
		verify(this.groups, never()).find(any(), any(), eq(true));
		this.scim.get("/Groups/" + id);
		verify(this.groups).find(any(), any(), eq(true));
	}

	@Test
	void attributesNarrowsTheResponse() {
		TestUser ada = user("ada");
		String id = createGroup(groupName("Narrow"), ada);

		JsonNode group = this.scim.get("/Groups/" + id + "?attributes=displayName").json();

		List<String> names = new ArrayList<>();
		group.fieldNames().forEachRemaining(names::add);
		assertThat(names).containsExactlyInAnyOrder("schemas", "id", "displayName");
	}

	private List<String> ids(String filter) {
		JsonHttpResponse response = this.scim.get("/Groups?filter=" + ScimHttp.q(filter));
		assertThat(response.status()).as(filter + " -> " + response).isEqualTo(200);
		assertThat(response.json().path("totalResults").asInt()).isEqualTo(response.json().path("Resources").size());
		return values(response.json().path("Resources"), "id");
	}

}
