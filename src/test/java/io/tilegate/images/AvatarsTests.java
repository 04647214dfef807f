package io.tilegate.images;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.tilegate.directory.Directory;
import io.tilegate.directory.DirectorySlice;
import io.tilegate.directory.DirectoryTables;
import io.tilegate.directory.Provenance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The avatars of a page's people on a real database: a photo for those who have one, whether
 * uploaded or from the IdP, initials for the others, all looked up at once.
 */
@DirectorySlice
@Import({ Avatars.class, ProfileImages.class, ProfileImageStore.class, ImageSanitizer.class })
@Transactional(propagation = Propagation.NOT_SUPPORTED)
abstract class AvatarsTests {

	private static final Provenance TEST = new Provenance("test", null);

	@Autowired
	Avatars avatars;

	@Autowired
	ProfileImages images;

	@Autowired
	Directory directory;

	@Autowired
	JdbcTemplate jdbc;

	@AfterEach
	void clear() {
		DirectoryTables.clear(this.jdbc);
	}

	record Person(UUID id, String name) {
	}

	@Test
	void eachPersonHasTheirPhotoOrTheirInitials() {
		UUID uploaded = this.directory.createUser("ada", TEST).id();
		UUID fromIdp = this.directory.createUser("grace", TEST).id();
		UUID removed = this.directory.createUser("mary", TEST).id();
		UUID none = this.directory.createUser("katherine", TEST).id();
		this.images.upload(uploaded, TestImages.png(200, 100), ImageOrigin.USER, "ada");
		this.images.storeFromIdp(fromIdp, "https://img.example.com/grace.jpg", TestImages.jpeg(300, 300));
		this.images.upload(removed, TestImages.gif(64, 64), ImageOrigin.ADMIN, "admin");
		this.images.removeUpload(removed, "admin");

		Map<UUID, Avatar> found = this.avatars.of(List.of(new Person(uploaded, "Ada Lovelace"),
				new Person(fromIdp, "Grace Hopper"), new Person(removed, "Mary Somerville"),
				new Person(none, "katherine.johnson@example.com"), new Person(null, "nobody"),
				new Person(UUID.randomUUID(), "Long Gone")), Person::id, Person::name);

		assertThat(found).hasSize(5).doesNotContainKey(null);
		assertThat(found.get(uploaded)).isEqualTo(new Avatar(uploaded, "Ada Lovelace", "AL", Avatar.tone(uploaded), true));
		assertThat(found.get(fromIdp).hasImage()).isTrue();
		assertThat(found.get(removed).hasImage()).isFalse();
		assertThat(found.get(none)).extracting(Avatar::initials, Avatar::hasImage).containsExactly("KJ", false);
		assertThat(found.values()).filteredOn((avatar) -> avatar.name().equals("Long Gone"))
			.singleElement()
			.extracting(Avatar::hasImage)
			.isEqualTo(false);
		assertThat(found.get(uploaded).smallImage()).isEqualTo("/images/users/" + uploaded + "/96");
		assertThat(found.get(uploaded).largeImage()).isEqualTo("/images/users/" + uploaded + "/512");
		assertThat(this.avatars.of(uploaded, "Ada Lovelace")).isEqualTo(found.get(uploaded));
		assertThat(this.avatars.of(none, "Katherine Johnson").hasImage()).isFalse();
	}

	@Test
	void nobodyToShowIsNoQuery() {
		assertThat(this.avatars.of(List.<Person>of(), Person::id, Person::name)).isEmpty();
		assertThat(this.images.withImages(List.of())).isEmpty();
	}

}
