package io.tilegate.scim;

import java.io.IOException;

import com.fasterxml.jackson.databind.JsonNode;
import com.unboundid.scim2.common.exceptions.BadRequestException;
import com.unboundid.scim2.common.exceptions.ScimException;
import com.unboundid.scim2.common.messages.ErrorResponse;
import com.unboundid.scim2.common.utils.JsonUtils;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * Every failure of a SCIM call as an RFC 7644 §3.12 error body. The transaction of the call
 * has rolled back by the time these run, so an error leaves nothing half-written.
 */
@RestControllerAdvice(basePackageClasses = ScimErrors.class)
class ScimErrors {

	private static final Logger logger = LoggerFactory.getLogger(ScimErrors.class);

	@ExceptionHandler(ScimException.class)
	ResponseEntity<JsonNode> scim(ScimException ex) {
		return body(ex.getScimError());
	}

	@ExceptionHandler(HttpMessageNotReadableException.class)
	ResponseEntity<JsonNode> unreadable(HttpMessageNotReadableException ex) {
		return body(BadRequestException.invalidSyntax("The body could not be read as JSON.").getScimError());
	}

	@ExceptionHandler({ MethodArgumentTypeMismatchException.class, MissingServletRequestParameterException.class })
	ResponseEntity<JsonNode> badParameter(Exception ex) {
		return body(BadRequestException.invalidValue(ex.getMessage()).getScimError());
	}

	@ExceptionHandler(OptimisticLockingFailureException.class)
	ResponseEntity<JsonNode> concurrent(OptimisticLockingFailureException ex) {
		return body(error(HttpStatus.CONFLICT, null,
				"The resource changed while this request ran; read it again and retry."));
	}

	@ExceptionHandler(Exception.class)
	ResponseEntity<JsonNode> unexpected(Exception ex) {
		logger.error("SCIM call failed", ex);
		return body(error(HttpStatus.INTERNAL_SERVER_ERROR, null,
				"Tilegate could not complete the request; nothing was changed. The server log has the details."));
	}

	static ErrorResponse error(HttpStatus status, String scimType, String detail) {
		ErrorResponse error = new ErrorResponse(status.value());
		error.setScimType(scimType);
		error.setDetail(detail);
		return error;
	}

	public static ResponseEntity<JsonNode> body(ErrorResponse error) {
		// The library's own mapper: it knows which of its fields to leave out when empty.
		return ResponseEntity.status(error.getStatus())
			.contentType(ScimJson.MEDIA_TYPE)
			.body(JsonUtils.valueToNode(error));
	}

	/** For filters, which answer before any controller runs. */
	static void write(HttpServletResponse response, ErrorResponse error) throws IOException {
		response.setStatus(error.getStatus());
		response.setContentType(ScimJson.MEDIA_TYPE_VALUE);
		response.setCharacterEncoding("UTF-8");
		// Bytes, not writeValue on the stream: Jackson would close it, ending the answer before
		// the call's event is written.
		response.getOutputStream().write(JsonUtils.getObjectWriter().writeValueAsBytes(error));
	}

}
