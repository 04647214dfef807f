package io.tilegate.saml;

import java.util.List;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tilegate.connections.Connection;
import io.tilegate.connections.Connections;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.view;

/**
 * The sign-in page and the refused-sign-in page as Spring MVC and Thymeleaf render them, in a
 * web slice: what they say in the states a running Tilegate with a connection never shows
 * (no connection yet, the refused page opened by hand). Who may see them is the security
 * chain's, tested over HTTP in {@link SamlLoginFlowTests}; so filters are off here, and the
 * connections are stubbed, as the real ones need the database and OpenSAML's metadata parsing.
 */
@WebMvcTest(SignInController.class)
// The slice builds every servlet filter bean, and the meter filters need a registry.
@Import(SimpleMeterRegistry.class)
@AutoConfigureMockMvc(addFilters = false)
class SignInPageTests {

	@Autowired
	private MockMvc mvc;

	@MockitoBean
	private Connections connections;

	@Test
	void beforeAnyConnectionTheSignInPageLeadsTheAdminToTheConsole() throws Exception {
		given(this.connections.list()).willReturn(List.of());

		this.mvc.perform(get("/login"))
			.andExpect(status().isOk())
			.andExpect(view().name("saml/sign-in"))
			.andExpect(content().string(allOf(containsString("Sign-in is not set up yet"),
					containsString("id=\"admin-way-in\" href=\"/admin\""), not(containsString("Sign in with")),
					not(containsString("Sign in with your organisation's account")))));
	}

	@Test
	void eachConnectionHasItsOwnSignInButton() throws Exception {
		List<Connection> two = List.of(connection("entra-prod"), connection("okta"));
		given(this.connections.list()).willReturn(two);

		this.mvc.perform(get("/login"))
			.andExpect(status().isOk())
			.andExpect(content().string(allOf(containsString("Sign in with your organisation's account"),
					containsString("href=\"/saml2/authenticate/entra-prod\""), containsString("Sign in with entra-prod"),
					containsString("href=\"/saml2/authenticate/okta\""), containsString("Sign in with okta"),
					not(containsString("Sign-in is not set up yet")))));
	}

	@Test
	void afterSigningOutOrBeingCutOffTheSignInPageSaysWhichItWas() throws Exception {
		List<Connection> one = List.of(connection("okta"));
		given(this.connections.list()).willReturn(one);

		this.mvc.perform(get("/login").param("logout", ""))
			.andExpect(content().string(allOf(containsString("You are signed out."),
					not(containsString("Your session ended")))));
		this.mvc.perform(get("/login").param("ended", ""))
			.andExpect(content().string(allOf(containsString("Your session ended: your access to the intranet was "
					+ "removed or suspended"), not(containsString("You are signed out.")))));
		this.mvc.perform(get("/login"))
			.andExpect(content().string(allOf(not(containsString("You are signed out.")),
					not(containsString("Your session ended")))));
	}

	@Test
	void theRefusedPageOpenedByHandIs403AndNamesNoReference() throws Exception {
		this.mvc.perform(get(LoginRefusals.PAGE))
			.andExpect(status().isForbidden())
			.andExpect(view().name("saml/refused"))
			.andExpect(content().string(allOf(containsString("Your sign-in was refused: <strong>the sign-in could not "
					+ "be completed</strong>."), containsString("Tell your administrator."),
					not(containsString("class=\"reference\"")))));
	}

	@Test
	void theRefusedPageAnswersWithTheStatusReasonAndReferenceOfTheRefusal() throws Exception {
		this.mvc.perform(post(LoginRefusals.PAGE).requestAttr(LoginRefusals.STATUS_ATTRIBUTE, 400)
			.requestAttr(LoginRefusals.MESSAGE_ATTRIBUTE, "the response names <script> as its issuer")
			.requestAttr(LoginRefusals.REFERENCE_ATTRIBUTE, "ABCD2345EF"))
			.andExpect(status().isBadRequest())
			.andExpect(content().string(allOf(containsString("the response names &lt;script&gt; as its issuer"),
					containsString("<strong class=\"reference\">ABCD2345EF</strong>"),
					not(containsString("<script>")))));
	}

	private static Connection connection(String id) {
		Connection connection = mock(Connection.class);
		given(connection.getId()).willReturn(id);
		given(connection.getDisplayName()).willReturn(id);
		return connection;
	}

}
