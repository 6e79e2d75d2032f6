package org.sparsebench.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.sparsebench.api.ConfigException;

/**
 * Validates a results.json against the committed JSON Schema
 * ({@code src/main/resources/org/sparsebench/run/results.schema.json}, draft 2020-12).
 */
public final class ResultsSchema {
    public static final String RESOURCE = "/org/sparsebench/run/results.schema.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private ResultsSchema() {
    }

    /** The schema violations of {@code file}, sorted; empty when it is valid. */
    public static List<String> validate(Path file) {
        JsonNode doc;
        try {
            doc = JSON.readTree(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            throw ConfigException.data(file + ": file not found");
        } catch (IOException e) {
            throw ConfigException.data(file + ": not JSON (" + e.getMessage().split("\n")[0] + ")");
        }
        try (InputStream in = ResultsSchema.class.getResourceAsStream(RESOURCE)) {
            JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
            Set<ValidationMessage> errors = schema.validate(doc);
            return errors.stream().map(ValidationMessage::getMessage).sorted().toList();
        } catch (IOException e) {
            throw new IllegalStateException("results schema missing from the jar", e);
        }
    }
}
