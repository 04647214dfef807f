package io.tilegate.saml;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

import org.springframework.boot.logging.logback.StructuredLogEncoder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a user reads out on the phone finds the log line: the reference on the refusal page is
 * in the refused sign-in's console line, and a field of its own once the line is JSON
 * ({@code LOGGING_STRUCTURED_FORMAT_CONSOLE=ecs}). The JSON is made here by Spring Boot's own
 * encoder for that setting, attached to the logger by the test: the format of the console is
 * set by the first context of the JVM, which other tests share.
 */
@ExtendWith(OutputCaptureExtension.class)
class RefusedSignInLogTests extends SamlIntegrationTest {

	private static final ObjectMapper JSON = new ObjectMapper();

	@Test
	void theRefusalPagesReferenceFindsItsLogLine(CapturedOutput output) throws Exception {
		ListAppender<ILoggingEvent> lines = listen();
		String reference;
		try {
			String signed = response(uniqueUser()).build().base64();
			this.browser.postResponse(CONNECTION, signed, null);

			HttpResponse<String> replayed = new Browser(this.port).postResponse(CONNECTION, signed, null);

			reference = assertRefused(replayed, "already used", "replayed").getReference();
		}
		finally {
			((Logger) LoggerFactory.getLogger(LoginRefusals.class)).detachAppender(lines);
		}
		assertThat(output.getOut().lines().filter((line) -> line.contains("reference " + reference)))
			.as("the console line").singleElement().asString().contains("assertion_replayed");
		List<ILoggingEvent> refusal = lines.list.stream()
			.filter((line) -> line.getFormattedMessage().contains("reference " + reference))
			.toList();
		assertThat(refusal).singleElement().satisfies((line) -> {
			JsonNode ecs = JSON.readTree(new String(ecs().encode(line), StandardCharsets.UTF_8));
			assertThat(ecs.path("reference").asText()).isEqualTo(reference);
			assertThat(ecs.path("connection").asText()).isEqualTo(CONNECTION);
			assertThat(ecs.path("reason").asText()).isEqualTo("assertion_replayed");
			assertThat(ecs.path("log").path("level").asText()).isEqualTo("WARN");
			assertThat(ecs.path("message").asText()).startsWith("Sign-in refused");
		});
	}

	private static ListAppender<ILoggingEvent> listen() {
		Logger logger = (Logger) LoggerFactory.getLogger(LoginRefusals.class);
		ListAppender<ILoggingEvent> appender = new ListAppender<>();
		appender.setContext(logger.getLoggerContext());
		appender.start();
		logger.addAppender(appender);
		return appender;
	}

	private static StructuredLogEncoder ecs() {
		StructuredLogEncoder encoder = new StructuredLogEncoder();
		encoder.setContext(((Logger) LoggerFactory.getLogger(LoginRefusals.class)).getLoggerContext());
		encoder.setFormat("ecs");
		encoder.setCharset(StandardCharsets.UTF_8);
		encoder.start();
		return encoder;
	}

}
