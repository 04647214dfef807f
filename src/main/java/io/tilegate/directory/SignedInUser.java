package io.tilegate.directory;

import java.util.UUID;

/** What any signed-in principal tells the directory: which user it is. */
public interface SignedInUser {

	UUID userId();

}
