package io.tilegate.system;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tilegate.demo.DemoSignIns;
import io.tilegate.saml.Browser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a user reads out on the phone finds the log line: the reference on the refusal page is
 * a field of the refused sign-in's JSON log line (and in its message, for a plain log).
 */
@ExtendWith(OutputCaptureExtension.class)
class RefusedSignInLogTests extends OperationsIntegrationTest {

	private static final Pattern REFERENCE = Pattern.compile("reference <strong class=\"reference\">([A-Z0-9-]+)</strong>");

	private static final ObjectMapper JSON = new ObjectMapper();

	@Test
	void theRefusalPagesReferenceFindsItsJsonLogLine(CapturedOutput output) throws Exception {
		Browser katherine = browser();
		String signedResponse = DemoSignIns.launch(katherine, "katherine.johnson@example.com");
		DemoSignIns.submit(katherine, signedResponse);

		HttpResponse<String> replayed = DemoSignIns.submit(browser(), signedResponse);

		assertThat(replayed.statusCode()).isEqualTo(403);
		Matcher shown = REFERENCE.matcher(replayed.body());
		assertThat(shown.find()).as("the refusal page shows a reference").isTrue();
		String reference = shown.group(1);
		List<JsonNode> lines = jsonLines(output.getOut()).stream()
			.filter((line) -> reference.equals(line.path("reference").asText()))
			.toList();
		assertThat(lines).singleElement().satisfies((line) -> {
			assertThat(line.path("log").path("level").asText()).isEqualTo("WARN");
			assertThat(line.path("message").asText()).startsWith("Sign-in refused").contains("reference " + reference);
			assertThat(line.path("connection").asText()).isEqualTo("demo");
			assertThat(line.path("reason").asText()).isEqualTo("assertion_replayed");
		});
	}

	private static List<JsonNode> jsonLines(String out) {
		return out.lines().filter((line) -> line.startsWith("{")).map((line) -> {
			try {
				return JSON.readTree(line);
			}
			catch (Exception ex) {
				throw new AssertionError("Not a JSON log line: " + line, ex);
			}
		}).toList();
	}

}
