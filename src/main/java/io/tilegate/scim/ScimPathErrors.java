package io.tilegate.scim;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * A SCIM error body for a path under {@code /scim/v2} that no endpoint serves, or a method it
 * does not take. These fail before any SCIM controller is chosen, so {@link ScimErrors}, which
 * speaks for the SCIM controllers only, never sees them; every other path keeps Spring's answer,
 * which rethrowing hands back.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class ScimPathErrors {

	@ExceptionHandler(NoResourceFoundException.class)
	ResponseEntity<JsonNode> noEndpoint(NoResourceFoundException ex, HttpServletRequest request)
			throws NoResourceFoundException {
		if (!isScim(request)) {
			throw ex;
		}
		return ScimErrors.body(ScimErrors.error(HttpStatus.NOT_FOUND, null,
				"There is no SCIM endpoint at " + request.getRequestURI() + "."));
	}

	@ExceptionHandler(HttpRequestMethodNotSupportedException.class)
	ResponseEntity<JsonNode> method(HttpRequestMethodNotSupportedException ex, HttpServletRequest request)
			throws HttpRequestMethodNotSupportedException {
		if (!isScim(request)) {
			throw ex;
		}
		ResponseEntity<JsonNode> body = ScimErrors.body(ScimErrors.error(HttpStatus.METHOD_NOT_ALLOWED, null,
				ex.getMethod() + " is not supported at " + request.getRequestURI() + "."));
		return (ex.getSupportedHttpMethods() == null) ? body
				: ResponseEntity.status(body.getStatusCode())
					.headers(body.getHeaders())
					.allow(ex.getSupportedHttpMethods().toArray(HttpMethod[]::new))
					.body(body.getBody());
	}

	private static boolean isScim(HttpServletRequest request) {
		return request.getRequestURI().startsWith(request.getContextPath() + ScimResourcePaths.BASE + "/");
	}

}
