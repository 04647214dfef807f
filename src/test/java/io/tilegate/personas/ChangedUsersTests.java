package io.tilegate.personas;

import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.tilegate.directory.Directory;
import io.tilegate.directory.DirectorySlice;
import io.tilegate.directory.ProfileEdit;
import io.tilegate.directory.ProfileField;
import io.tilegate.directory.Provenance;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.Mockito.clearInvocations;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

/**
 * The seam between the directory and personas: the users a transaction changed are recomputed
 * once each, just before it commits, and not at all when it rolls back.
 */
@DirectorySlice
@Import(PersonaSlice.class)
@Transactional(propagation = Propagation.NOT_SUPPORTED)
class ChangedUsersTests {

	private static final Provenance IMPORT = new Provenance("test", "okta-test", "imported by the test");

	@Autowired
	private Directory directory;

	@MockitoSpyBean
	private PersonaMembership membership;

	@Autowired
	private PlatformTransactionManager transactions;

	@Test
	void aTransactionThatChangesAUserSeveralTimesRecomputesThemOnceWhenItCommits() {
		UUID[] ada = new UUID[1];

		inTransaction(() -> {
			ada[0] = this.directory.createUser("ada-" + UUID.randomUUID(), IMPORT).id();
			this.directory.updateProfile(ada[0], new ProfileEdit().set(ProfileField.DEPARTMENT, "Ops"), IMPORT);
			this.directory.updateProfile(ada[0], new ProfileEdit().set(ProfileField.TITLE, "Lead"), IMPORT);
			this.directory.updateProfile(ada[0], new ProfileEdit().set(ProfileField.COMPANY, "Acme"), IMPORT);
			// Not yet: the facts are read once the whole change is written.
			verify(this.membership, never()).recomputeUsers(any(), any());
		});

		// Created by the transaction, so what they hold need not be read.
		verify(this.membership, times(1)).recomputeUsers(Map.of(ada[0], "imported by the test"), Set.of(ada[0]));
		verify(this.membership, times(1)).recomputeUsers(any(), any());
	}

	@Test
	void aTransactionThatChangesSeveralUsersRecomputesThemTogetherOnceEach() {
		UUID[] users = new UUID[3];

		inTransaction(() -> {
			for (int i = 0; i < users.length; i++) {
				users[i] = this.directory.createUser("hal" + i + "-" + UUID.randomUUID(), IMPORT).id();
			}
			this.directory.deactivate(users[1], "admin");
		});

		verify(this.membership, times(1)).recomputeUsers(Map.of(users[0], "imported by the test", users[1],
				"imported by the test; deactivated by admin", users[2], "imported by the test"), Set.of(users));
		verify(this.membership, times(1)).recomputeUsers(any(), any());
	}

	@Test
	void changesOfOneUserForDifferentReasonsRecomputeOnceNamingEachReason() {
		UUID bob = this.directory.createUser("bob-" + UUID.randomUUID(), IMPORT).id();
		clearInvocations(this.membership);

		inTransaction(() -> {
			this.directory.updateProfile(bob, new ProfileEdit().set(ProfileField.DEPARTMENT, "Sales"), IMPORT);
			this.directory.deactivate(bob, "admin");
		});

		verify(this.membership, times(1)).recomputeUsers(Map.of(bob, "imported by the test; deactivated by admin"),
				Set.of());
		verify(this.membership, times(1)).recomputeUsers(any(), any());
	}

	@Test
	void aRolledBackTransactionRecomputesNobody() {
		UUID cy = this.directory.createUser("cy-" + UUID.randomUUID(), IMPORT).id();
		clearInvocations(this.membership);

		new TransactionTemplate(this.transactions).executeWithoutResult((status) -> {
			this.directory.createUser("dee-" + UUID.randomUUID(), IMPORT);
			this.directory.updateProfile(cy, new ProfileEdit().set(ProfileField.DEPARTMENT, "Legal"), IMPORT);
			this.directory.deactivate(cy, "admin");
			status.setRollbackOnly();
		});

		verify(this.membership, never()).recomputeUsers(any(), any());
		assertThat(this.directory.isActive(cy)).isTrue();
	}

	@Test
	void aFailedRecomputeRollsTheChangeBackAndReachesWhoeverCommitted() {
		UUID eve = this.directory.createUser("eve-" + UUID.randomUUID(), IMPORT).id();
		doThrow(new ConcurrencyFailureException("lost a race")).when(this.membership)
			.recomputeUsers(argThat((users) -> users.containsKey(eve)), any());
		// As a sign-in commits: a transaction of its own, whose commit a retry catches.
		TransactionTemplate signIn = new TransactionTemplate(this.transactions);
		signIn.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);

		assertThatExceptionOfType(ConcurrencyFailureException.class).isThrownBy(() -> signIn
			.executeWithoutResult((status) -> this.directory.updateProfile(eve,
					new ProfileEdit().set(ProfileField.DEPARTMENT, "Finance"), IMPORT)))
			.withMessage("lost a race");

		assertThat(this.directory.profile(eve).orElseThrow().department()).isNull();
	}

	@Test
	void aTransactionOfItsOwnInsideAnotherRecomputesItsUsersAtItsOwnCommit() {
		UUID fay = this.directory.createUser("fay-" + UUID.randomUUID(), IMPORT).id();
		UUID gus = this.directory.createUser("gus-" + UUID.randomUUID(), IMPORT).id();
		clearInvocations(this.membership);
		TransactionTemplate own = new TransactionTemplate(this.transactions);
		own.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);

		new TransactionTemplate(this.transactions).executeWithoutResult((status) -> {
			this.directory.deactivate(fay, "admin");
			own.executeWithoutResult((inner) -> this.directory.deactivate(gus, "admin"));
			verify(this.membership, times(1)).recomputeUsers(Map.of(gus, "deactivated by admin"), Set.of());
			verify(this.membership, never()).recomputeUsers(argThat((users) -> users.containsKey(fay)), any());
			status.setRollbackOnly();
		});

		verify(this.membership, never()).recomputeUsers(argThat((users) -> users.containsKey(fay)), any());
		assertThat(this.directory.isActive(fay)).isTrue();
		assertThat(this.directory.isActive(gus)).isFalse();
	}

	private void inTransaction(Runnable work) {
		new TransactionTemplate(this.transactions).executeWithoutResult((status) -> work.run());
	}

}
