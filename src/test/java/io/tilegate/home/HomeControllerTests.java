package io.tilegate.home;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.tilegate.directory.Directory;
import io.tilegate.directory.SignedInUser;
import io.tilegate.directory.UserProfile;
import io.tilegate.images.Avatars;
import io.tilegate.images.ProfileImages;
import io.tilegate.personas.Personas;
import io.tilegate.personas.Spaces;
import io.tilegate.system.PageTimesDialect;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.thymeleaf.spring6.SpringTemplateEngine;
import org.thymeleaf.spring6.view.ThymeleafViewResolver;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;

import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.method.annotation.AuthenticationPrincipalArgumentResolver;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;

import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.view;

/**
 * The home page with the real template, but without the security chain (the system package
 * owns it): the signed-in principal is put in the security context directly.
 */
class HomeControllerTests {

	private static final UUID JANE = UUID.fromString("00000000-0000-0000-0000-00000000000a");

	private final Directory directory = mock(Directory.class);

	private final Spaces spaces = mock(Spaces.class);

	private final ProfileImages images = mock(ProfileImages.class);

	private final Avatars avatars = mock(Avatars.class);

	private MockMvc mvc;

	@BeforeEach
	void mvc() {
		ClassLoaderTemplateResolver templates = new ClassLoaderTemplateResolver();
		templates.setPrefix("templates/");
		templates.setSuffix(".html");
		SpringTemplateEngine engine = new SpringTemplateEngine();
		engine.addDialect(new PageTimesDialect());
		engine.setTemplateResolver(templates);
		ThymeleafViewResolver views = new ThymeleafViewResolver();
		views.setTemplateEngine(engine);
		views.setCharacterEncoding("UTF-8");
		this.mvc = MockMvcBuilders.standaloneSetup(new HomeController(this.directory, this.spaces, this.images, this.avatars))
			.setViewResolvers(views)
			.setCustomArgumentResolvers(new AuthenticationPrincipalArgumentResolver())
			.build();
	}

	@AfterEach
	void signOut() {
		SecurityContextHolder.clearContext();
	}

	@Test
	void showsTheSignedInUsersProfile() throws Exception {
		signIn(JANE);
		given(this.directory.profile(JANE)).willReturn(Optional.of(new UserProfile(JANE, "jane.doe", "Jane", "Doe",
				"jane@example.com", "+1 555 0100", "Example", "R&D", "Engineer", LocalDate.of(2024, 3, 1),
				"https://img.example.com/jane.png", true,
				new UserProfile.Manager(UUID.randomUUID(), "Grace Hopper", "grace"), null,
				List.of(new UserProfile.Group("Engineering", "okta"), new UserProfile.Group("<All Staff>", "okta")),
				List.of(new UserProfile.CustomValue("costCenter", "Cost center", "CC-42")), Instant.EPOCH,
				Instant.EPOCH)));

		this.mvc.perform(get("/"))
			.andExpect(status().isOk())
			.andExpect(view().name("home/home"))
			.andExpect(content().string(allOf(containsString("<h1>Jane Doe</h1>"), containsString("jane.doe"),
					containsString("jane@example.com"), containsString("+1 555 0100"), containsString("Example"),
					containsString("R&amp;D"), containsString("Engineer"), containsString("2024-03-01"),
					containsString("Grace Hopper"), containsString("Engineering"), containsString("&lt;All Staff&gt;"),
					containsString("Cost center"), containsString("CC-42"), containsString("action=\"/logout\""),
					containsString("class=\"avatar-initials\">JD</span>"),
					not(containsString("img.example.com")),
					not(containsString("<All Staff>")))));
	}

	@Test
	void showsTheSpacesAndWhyTheUserIsInEach() throws Exception {
		signIn(JANE);
		given(this.directory.profile(JANE)).willReturn(Optional.of(new UserProfile(JANE, "jane", null, null, null, null,
				null, null, null, null, null, true, null, null, List.of(), List.of(), Instant.EPOCH, Instant.EPOCH)));
		given(this.spaces.spacesOf(JANE)).willReturn(List.of(
				new Spaces.UserSpace(UUID.randomUUID(), "Berlin <Engineering>", false,
						List.of(new Personas.Named(UUID.randomUUID(), "Engineers"),
								new Personas.Named(UUID.randomUUID(), "Berlin staff"))),
				new Spaces.UserSpace(UUID.randomUUID(), "Onboarding", true,
						List.of(new Personas.Named(UUID.randomUUID(), "New hires"))),
				new Spaces.UserSpace(UUID.randomUUID(), "Book club", true, List.of())));

		this.mvc.perform(get("/"))
			.andExpect(status().isOk())
			.andExpect(content().string(allOf(containsString("id=\"spaces\""),
					containsString("Berlin &lt;Engineering&gt;"), containsString("through personas Engineers, Berlin staff"),
					containsString("through persona New hires"),
					containsString("Book club"), containsString("added by hand"),
					not(containsString("You are not in any space yet.")))));
	}

	@Test
	void saysSoWhenTheUserIsInNoSpace() throws Exception {
		signIn(JANE);
		given(this.directory.profile(JANE)).willReturn(Optional.of(new UserProfile(JANE, "jane", null, null, null, null,
				null, null, null, null, null, true, null, null, List.of(), List.of(), Instant.EPOCH, Instant.EPOCH)));

		this.mvc.perform(get("/"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("You are not in any space yet.")));
	}

	@Test
	void showsAManagerWhoHasNotSignedInYet() throws Exception {
		signIn(JANE);
		given(this.directory.profile(JANE)).willReturn(Optional.of(new UserProfile(JANE, "jane", null, null, null, null,
				null, null, null, null, "javascript:alert(1)", true, null, "grace@example.com", List.of(), List.of(), Instant.EPOCH,
				Instant.EPOCH)));

		this.mvc.perform(get("/"))
			.andExpect(status().isOk())
			.andExpect(content().string(allOf(containsString("<h1>jane</h1>"), containsString("grace@example.com"),
					containsString("not in any group"), not(containsString("<img")))));
	}

	@Test
	void nobodySignedInIsSentToTheLoginPage() throws Exception {
		this.mvc.perform(get("/")).andExpect(redirectedUrl("/login"));
	}

	@Test
	void aUserDeletedDuringTheirSessionIsRefused() throws Exception {
		signIn(JANE);
		given(this.directory.profile(JANE)).willReturn(Optional.empty());

		this.mvc.perform(get("/")).andExpect(status().isForbidden());
	}

	private static void signIn(UUID userId) {
		SignedInUser user = () -> userId;
		SecurityContextHolder.getContext().setAuthentication(new TestingAuthenticationToken(user, null, "ROLE_USER"));
	}

}
