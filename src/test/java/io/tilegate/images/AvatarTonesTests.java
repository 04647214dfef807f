package io.tilegate.images;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The tones behind the initials, as the stylesheet defines them: one for each tone an avatar
 * can have, each dark enough for white initials to be read (WCAG AA), and each person keeping
 * theirs.
 */
class AvatarTonesTests {

	private static final Pattern TONE = Pattern
		.compile("\\.avatar\\.tone-(\\d+)\\s*\\{\\s*background:\\s*#([0-9a-fA-F]{6})\\s*;\\s*}");

	@Test
	void theStylesheetHasAToneForEveryAvatarWithReadableWhiteInitials() throws IOException {
		Map<Integer, String> tones = tones();

		assertThat(tones.keySet()).containsExactlyElementsOf(IntStream.range(0, Avatar.TONES).boxed().toList());
		assertThat(Set.copyOf(tones.values())).as("each tone a colour of its own").hasSize(Avatar.TONES);
		tones.forEach((tone, colour) -> assertThat(contrastWithWhite(colour))
			.as("tone-%d (#%s) against white", tone, colour)
			.isGreaterThanOrEqualTo(4.5));
	}

	@Test
	void aPersonKeepsTheirToneAndPeopleSpreadOverAllOfThem() {
		UUID ada = UUID.fromString("6b1f3c1e-8a54-4d2e-9a7b-0c3f5e6d7a81");
		assertThat(Avatar.of(ada, "Ada Lovelace", false).tone()).isEqualTo(Avatar.of(ada, "Ada", true).tone())
			.isEqualTo(Avatar.tone(UUID.fromString(ada.toString())));

		Map<Integer, Long> spread = IntStream.range(0, 1200)
			.mapToObj((i) -> Avatar.tone(UUID.randomUUID()))
			.collect(Collectors.groupingBy((tone) -> tone, HashMap::new, Collectors.counting()));
		assertThat(spread.keySet()).containsExactlyInAnyOrderElementsOf(
				IntStream.range(0, Avatar.TONES).boxed().toList());
	}

	private static Map<Integer, String> tones() throws IOException {
		try (InputStream css = AvatarTonesTests.class.getResourceAsStream("/static/css/avatars.css")) {
			assertThat(css).as("static/css/avatars.css").isNotNull();
			Matcher tone = TONE.matcher(new String(css.readAllBytes(), StandardCharsets.UTF_8));
			Map<Integer, String> tones = new TreeMap<>();
			while (tone.find()) {
				tones.put(Integer.parseInt(tone.group(1)), tone.group(2));
			}
			return tones;
		}
	}

	/** WCAG 2.x contrast ratio of a colour with white text. */
	private static double contrastWithWhite(String hex) {
		double[] channels = new double[3];
		for (int i = 0; i < 3; i++) {
			double value = Integer.parseInt(hex.substring(i * 2, i * 2 + 2), 16) / 255.0;
			channels[i] = (value <= 0.03928) ? value / 12.92 : Math.pow((value + 0.055) / 1.055, 2.4);
		}
		double luminance = 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2];
		return 1.05 / (luminance + 0.05);
	}

}
