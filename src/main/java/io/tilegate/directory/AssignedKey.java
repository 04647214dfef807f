package io.tilegate.directory;

import jakarta.persistence.MappedSuperclass;
import jakarta.persistence.PostLoad;
import jakarta.persistence.PostPersist;
import jakarta.persistence.Transient;

import org.springframework.data.domain.Persistable;

/**
 * An entity whose key is set before it is saved. Without this, Spring Data would merge it
 * (a SELECT, then an INSERT), and two concurrent creators would not reliably collide on the
 * unique constraint that settles who won.
 */
@MappedSuperclass
abstract class AssignedKey<K> implements Persistable<K> {

	@Transient
	private boolean fresh = true;

	@Override
	public boolean isNew() {
		return this.fresh;
	}

	@PostLoad
	@PostPersist
	void stored() {
		this.fresh = false;
	}

}
