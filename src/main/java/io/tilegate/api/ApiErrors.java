package io.tilegate.api;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * Every failure of an admin API call as {@code {"status":..,"error":".."}}: a sentence a
 * script's author can act on, never a stack trace.
 */
@RestControllerAdvice(basePackageClasses = ApiErrors.class)
class ApiErrors {

	private static final Logger logger = LoggerFactory.getLogger(ApiErrors.class);

	private static final ObjectMapper JSON = new ObjectMapper();

	/** The body of every error answer. */
	record ApiError(int status, String error) {
	}

	@ExceptionHandler(ApiException.class)
	ResponseEntity<ApiError> refused(ApiException ex) {
		return body(ex.status(), ex.getMessage());
	}

	@ExceptionHandler(HttpMessageNotReadableException.class)
	ResponseEntity<ApiError> unreadable(HttpMessageNotReadableException ex) {
		String detail = (ex.getCause() instanceof JsonProcessingException json) ? ": " + json.getOriginalMessage() : ".";
		return body(HttpStatus.BAD_REQUEST, "The body could not be read as JSON" + detail);
	}

	@ExceptionHandler(MethodArgumentTypeMismatchException.class)
	ResponseEntity<ApiError> mismatch(MethodArgumentTypeMismatchException ex) {
		if (ex.getParameter().hasParameterAnnotation(PathVariable.class)) {
			return body(HttpStatus.NOT_FOUND, "There is no " + ex.getName() + " '" + ex.getValue() + "'.");
		}
		return body(HttpStatus.BAD_REQUEST, "'" + ex.getValue() + "' is not a valid value for " + ex.getName() + ".");
	}

	@ExceptionHandler(OptimisticLockingFailureException.class)
	ResponseEntity<ApiError> concurrent(OptimisticLockingFailureException ex) {
		return body(HttpStatus.CONFLICT, "It changed while this request ran; read it again and retry.");
	}

	@ExceptionHandler(DataIntegrityViolationException.class)
	ResponseEntity<ApiError> integrity(DataIntegrityViolationException ex) {
		logger.warn("Admin API call conflicted with stored data: {}", ex.getMostSpecificCause().getMessage());
		return body(HttpStatus.CONFLICT, "The change conflicts with what is stored (a duplicate, or something "
				+ "removed meanwhile); nothing was changed.");
	}

	@ExceptionHandler(Exception.class)
	ResponseEntity<ApiError> other(Exception ex) {
		if (ex instanceof ErrorResponse spring) {
			// Spring MVC's own refusals (405, 415, a missing parameter...) already say what is wrong.
			HttpStatusCode status = spring.getStatusCode();
			String detail = spring.getBody().getDetail();
			return ResponseEntity.status(status)
				.headers(spring.getHeaders())
				.contentType(MediaType.APPLICATION_JSON)
				.body(new ApiError(status.value(), (detail != null) ? detail : HttpStatus.valueOf(status.value())
					.getReasonPhrase()));
		}
		logger.error("Admin API call failed", ex);
		return body(HttpStatus.INTERNAL_SERVER_ERROR,
				"Tilegate could not complete the request. The server log has the details.");
	}

	static ResponseEntity<ApiError> body(HttpStatus status, String message) {
		return ResponseEntity.status(status)
			.contentType(MediaType.APPLICATION_JSON)
			.body(new ApiError(status.value(), message));
	}

	/** For filters, which answer before any controller runs. */
	static void write(HttpServletResponse response, HttpStatus status, String message) throws IOException {
		response.setStatus(status.value());
		response.setContentType(MediaType.APPLICATION_JSON_VALUE);
		response.setCharacterEncoding("UTF-8");
		response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
		JSON.writeValue(response.getOutputStream(), new ApiError(status.value(), message));
	}

}
