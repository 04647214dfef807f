package io.tilegate.demo;

import java.util.Set;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.ClassPathBeanDefinitionScanner;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.context.annotation.Profile;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.env.Profiles;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.stereotype.Component;
import org.springframework.util.ClassUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo identity provider signs in anyone as anyone. It must exist only when the "demo"
 * profile is active, whatever else is configured.
 */
class DemoProfileGuardTest {

	private static final String PACKAGE = "io.tilegate.demo";

	@Test
	void everyComponentOfThePackageCarriesProfileDemo() throws Exception {
		// The scanner evaluates @Profile itself; an environment that accepts every profile makes
		// it list all components, guarded or not.
		StandardEnvironment everyProfile = new StandardEnvironment() {
			@Override
			public boolean acceptsProfiles(Profiles profiles) {
				return true;
			}
		};
		ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false,
				everyProfile);
		// @Component matches @Controller, @Service, @Configuration and @Repository too: they are meta-annotated.
		scanner.addIncludeFilter(new AnnotationTypeFilter(Component.class));
		Set<BeanDefinition> candidates = scanner.findCandidateComponents(PACKAGE);

		assertThat(candidates).hasSizeGreaterThanOrEqualTo(4);
		for (BeanDefinition candidate : candidates) {
			Class<?> type = ClassUtils.forName(candidate.getBeanClassName(), getClass().getClassLoader());
			Profile profile = AnnotatedElementUtils.findMergedAnnotation(type, Profile.class);
			assertThat(profile).as("@Profile on %s", type.getName()).isNotNull();
			assertThat(profile.value()).as("@Profile of %s", type.getName()).containsExactly("demo");
		}
	}

	@Test
	void noBeanIsRegisteredWithoutTheDemoProfile() {
		assertThat(scan()).isZero();
		assertThat(scan("production")).isZero();
		assertThat(scan("default")).isZero();
		assertThat(scan("demo")).isGreaterThanOrEqualTo(4);
		assertThat(scan("production", "demo")).isGreaterThanOrEqualTo(4);
	}

	private static int scan(String... activeProfiles) {
		try (GenericApplicationContext context = new GenericApplicationContext()) {
			context.getEnvironment().setActiveProfiles(activeProfiles);
			return new ClassPathBeanDefinitionScanner(context, true, context.getEnvironment()).scan(PACKAGE)
					- countOfProcessorsAlwaysRegistered(context);
		}
	}

	// The scanner also registers Spring's own annotation processors; they are not demo beans.
	private static int countOfProcessorsAlwaysRegistered(GenericApplicationContext context) {
		int count = 0;
		for (String name : context.getBeanDefinitionNames()) {
			if (name.startsWith("org.springframework.")) {
				count++;
			}
		}
		return count;
	}

}
