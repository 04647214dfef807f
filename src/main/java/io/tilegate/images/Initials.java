package io.tilegate.images;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one or two letters that stand for a person who has no image: the first letters of their
 * first and last words ("Ada Lovelace" is AL, "Cher" is C), or of a user name's or email's
 * parts ("grace.hopper@example.com" is GH). Letters of any script count, whole, with their
 * accents; emoji, symbols and punctuation never do, so "🎉 Anna" is A.
 */
final class Initials {

	/** Shown for a name with no letter or digit at all, such as an emoji-only user name. */
	static final String NONE = "?";

	// A user name has no spaces: its parts are what a person's name became in it.
	private static final Pattern NAME_PARTS = Pattern.compile("\\s+");

	private static final Pattern USER_NAME_PARTS = Pattern.compile("[\\s._+\\-]+");

	// Extended grapheme clusters: a letter and its combining accents stay together.
	private static final Pattern GRAPHEME = Pattern.compile("\\X");

	private Initials() {
	}

	/**
	 * @param name a display name (first and last name), else a user name or email
	 */
	static String of(String name) {
		if (name == null || name.isBlank()) {
			return NONE;
		}
		String text = Normalizer.normalize(name.strip(), Normalizer.Form.NFC);
		int at = text.indexOf('@');
		if (at > 0) {
			text = text.substring(0, at);
		}
		List<String> initials = initials(NAME_PARTS.split(text));
		if (initials.size() < 2) {
			List<String> parts = initials(USER_NAME_PARTS.split(text));
			if (parts.size() > initials.size()) {
				initials = parts;
			}
		}
		if (initials.isEmpty()) {
			return NONE;
		}
		return (initials.size() == 1) ? initials.get(0) : initials.get(0) + initials.get(initials.size() - 1);
	}

	/** The initial of each word that has one. */
	private static List<String> initials(String[] words) {
		List<String> initials = new ArrayList<>();
		for (String word : words) {
			String initial = initial(word);
			if (initial != null) {
				initials.add(initial);
			}
		}
		return initials;
	}

	/** The word's first letter or digit with its accents, in title case; {@code null} if it has none. */
	private static String initial(String word) {
		Matcher grapheme = GRAPHEME.matcher(word);
		while (grapheme.find()) {
			String cluster = grapheme.group();
			int first = cluster.codePointAt(0);
			if (Character.isLetterOrDigit(first)) {
				// Title case, not upper case: the ligature ǆ becomes ǅ, and ß stays one letter.
				return new StringBuilder().appendCodePoint(Character.toTitleCase(first))
					.append(cluster, Character.charCount(first), cluster.length())
					.toString();
			}
		}
		return null;
	}

}
