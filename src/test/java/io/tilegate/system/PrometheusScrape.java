package io.tilegate.system;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code /actuator/prometheus} answered, read as Prometheus reads it (the text format), so
 * that a test asks for a series by name and labels whatever their order.
 */
public final class PrometheusScrape {

	private final String text;

	private final List<Sample> samples = new ArrayList<>();

	public PrometheusScrape(String text) {
		this.text = text;
		for (String line : text.split("\n")) {
			if (!line.isBlank() && !line.startsWith("#")) {
				this.samples.add(Sample.parse(line));
			}
		}
	}

	public String text() {
		return this.text;
	}

	/** The samples of the metric whose labels include all of these. */
	public List<Sample> samples(String name, Map<String, String> labels) {
		return this.samples.stream()
			.filter((sample) -> sample.name().equals(name))
			.filter((sample) -> sample.labels().entrySet().containsAll(labels.entrySet()))
			.toList();
	}

	/** The sum of those samples; 0 when there are none, as a counter not yet incremented. */
	public double sum(String name, Map<String, String> labels) {
		return samples(name, labels).stream().mapToDouble(Sample::value).sum();
	}

	/** The names of every metric that starts with this prefix. */
	public List<String> names(String prefix) {
		return this.samples.stream().map(Sample::name).filter((name) -> name.startsWith(prefix)).distinct().toList();
	}

	public record Sample(String name, Map<String, String> labels, double value) {

		static Sample parse(String line) {
			int brace = line.indexOf('{');
			int space = line.indexOf(' ');
			if (brace < 0 || brace > space) {
				return new Sample(line.substring(0, space), Map.of(), number(line.substring(space + 1)));
			}
			Map<String, String> labels = new LinkedHashMap<>();
			int at = brace + 1;
			while (line.charAt(at) != '}') {
				int equals = line.indexOf('=', at);
				String label = line.substring(at, equals);
				StringBuilder value = new StringBuilder();
				int i = equals + 2;
				for (; line.charAt(i) != '"'; i++) {
					char c = line.charAt(i);
					if (c == '\\') {
						char escaped = line.charAt(++i);
						value.append((escaped == 'n') ? '\n' : escaped);
					}
					else {
						value.append(c);
					}
				}
				labels.put(label, value.toString());
				at = i + 1;
				if (line.charAt(at) == ',') {
					at++;
				}
			}
			String rest = line.substring(at + 1).trim();
			int end = rest.indexOf(' ');
			return new Sample(line.substring(0, brace), labels, number((end < 0) ? rest : rest.substring(0, end)));
		}

		private static double number(String value) {
			return switch (value.trim()) {
				case "+Inf" -> Double.POSITIVE_INFINITY;
				case "-Inf" -> Double.NEGATIVE_INFINITY;
				case "NaN" -> Double.NaN;
				default -> Double.parseDouble(value.trim().split(" ")[0]);
			};
		}

	}

}
