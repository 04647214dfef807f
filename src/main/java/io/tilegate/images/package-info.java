/**
 * Profile images: every image a person is shown with, whether the IdP sent it or someone
 * uploaded it, decoded within limits and re-encoded by Tilegate ({@code ImageSanitizer}) so
 * that no byte of the original reaches a browser; kept in the database in two square sizes so
 * that every node serves them; which one wins ({@code ProfileImages}); and the stable URL that
 * serves them to signed-in people.
 *
 * <p>Reads {@code directory} (whose user an image is) and {@code events}; {@code admin},
 * {@code api}, {@code home} and {@code photos} (the background fetch of IdP photos) read it.
 */
package io.tilegate.images;
