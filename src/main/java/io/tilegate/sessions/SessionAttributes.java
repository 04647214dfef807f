package io.tilegate.sessions;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.convert.support.GenericConversionService;
import org.springframework.core.serializer.support.DeserializingConverter;
import org.springframework.core.serializer.support.SerializationFailedException;
import org.springframework.core.serializer.support.SerializingConverter;
import org.springframework.session.config.SessionRepositoryCustomizer;
import org.springframework.session.jdbc.JdbcIndexedSessionRepository;
import org.springframework.stereotype.Component;

/**
 * How session attributes are written to and read from the session table: Java serialization,
 * as Spring Session does by default, except that an attribute that cannot be read back is read
 * as absent. Such an attribute was written by a Tilegate whose classes have since changed (an
 * upgrade, or an older node during a rolling one); Spring's default would fail every request
 * of that session with a 500 until it expired, while absent only signs its user out, and they
 * sign in again.
 *
 * <p>Set on the repository rather than declared as a conversion service bean, which every
 * other part of the application that asks for "the" conversion service would then trip over.
 */
@Component
class SessionAttributes implements SessionRepositoryCustomizer<JdbcIndexedSessionRepository> {

	private static final Logger logger = LoggerFactory.getLogger(SessionAttributes.class);

	private static final DeserializingConverter deserializer = new DeserializingConverter(
			SessionAttributes.class.getClassLoader());

	@Override
	public void customize(JdbcIndexedSessionRepository sessionRepository) {
		GenericConversionService conversions = new GenericConversionService();
		conversions.addConverter(Object.class, byte[].class, new SerializingConverter());
		conversions.addConverter(byte[].class, Object.class, SessionAttributes::read);
		sessionRepository.setConversionService(conversions);
	}

	/** The attribute these bytes hold, or {@code null} when there are none or they cannot be read. */
	static Object read(byte[] bytes) {
		if (bytes == null) {
			return null;
		}
		try {
			return deserializer.convert(bytes);
		}
		catch (SerializationFailedException ex) {
			logger.warn("A session attribute written by another version of Tilegate could not be read ({}); its "
					+ "session goes on without it, so its user is asked to sign in again.", ex.getMessage());
			return null;
		}
	}

}
