package io.tilegate;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The rooms and which may read which (each package's package-info says it in words): no
 * package reaches, directly or through others, back into one that reaches it, and the ground
 * floors read no feature: {@code config}, and {@code outbound}, the guarded fetch of URLs from
 * outside, which stays free of every room so that no room's state can loosen its checks.
 */
class PackageRulesTests {

	private static final JavaClasses TILEGATE = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("io.tilegate");

	@Test
	void noPackageCycles() {
		slices().matching("io.tilegate.(*)..").should().beFreeOfCycles().check(TILEGATE);
	}

	@Test
	void configReadsNoOtherRoom() {
		noClasses().that()
			.resideInAPackage("io.tilegate.config..")
			.should()
			.dependOnClassesThat(resideInAPackage("io.tilegate..").and(not(resideInAPackage("io.tilegate.config.."))))
			.check(TILEGATE);
	}

	@Test
	void outboundReadsNoOtherRoom() {
		noClasses().that()
			.resideInAPackage("io.tilegate.outbound..")
			.should()
			.dependOnClassesThat(resideInAPackage("io.tilegate..").and(not(resideInAPackage("io.tilegate.outbound.."))))
			.check(TILEGATE);
	}

	/** The directory reaches the photo fetch only by the event it publishes, never by a call. */
	@Test
	void noRoomReadsThePhotoFetch() {
		noClasses().that()
			.resideOutsideOfPackage("io.tilegate.photos..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("io.tilegate.photos..")
			.check(TILEGATE);
	}

	@Test
	void accessReadsOnlyConfigAndTheEventLog() {
		noClasses().that()
			.resideInAPackage("io.tilegate.access..")
			.should()
			.dependOnClassesThat(resideInAPackage("io.tilegate..")
				.and(not(resideInAnyPackage("io.tilegate.access..", "io.tilegate.config..", "io.tilegate.events.."))))
			.check(TILEGATE);
	}

	@Test
	void systemIsTheRoofThatNoRoomReads() {
		noClasses().that()
			.resideOutsideOfPackage("io.tilegate.system..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("io.tilegate.system..")
			.check(TILEGATE);
	}

}
