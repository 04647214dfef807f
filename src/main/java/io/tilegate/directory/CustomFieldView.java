package io.tilegate.directory;

public record CustomFieldView(String name, String label) {
}
