package io.tilegate.directory;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One changed field, as the event log shows it: {@code {"field","old","new"}}. Values are
 * strings, or lists of group names for {@code groups}; {@code null} means empty.
 */
public record ProfileChange(@JsonProperty("field") String field, @JsonProperty("old") Object oldValue,
		@JsonProperty("new") Object newValue) {
}
