package io.dialout.gateway.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The JSON schemas of docs/asyncapi.yaml ({@code components.schemas}), ready to validate messages with. AsyncAPI's
 * schema object is a superset of JSON Schema draft 7 and the document uses only draft-7 keywords, so they are
 * validated as draft 7; the document's {@code #/components/schemas/X} references become {@code #/definitions/X}.
 */
public final class AsyncApiSchemas {

    public static final Path DOCUMENT = Path.of("..", "docs", "asyncapi.yaml");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final JsonNode document;
    private final JsonNode definitions;
    private final Map<String, JsonSchema> schemas = new ConcurrentHashMap<>();
    private final JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7);

    private AsyncApiSchemas(JsonNode document) throws IOException {
        this.document = document;
        String text = JSON.writeValueAsString(document.path("components").path("schemas"));
        this.definitions = JSON.readTree(text.replace("#/components/schemas/", "#/definitions/"));
    }

    public static AsyncApiSchemas load() {
        try {
            return new AsyncApiSchemas(new ObjectMapper(new YAMLFactory()).readTree(DOCUMENT.toFile()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public JsonNode document() {
        return document;
    }

    /** The problems of {@code message} against the named schema; empty when it conforms. */
    public List<String> problems(String schema, JsonNode message) {
        JsonSchema s = schemas.computeIfAbsent(schema, name -> {
            if (!definitions.has(name)) {
                throw new IllegalArgumentException("no schema " + name + " in " + DOCUMENT);
            }
            ObjectNode root = JSON.createObjectNode().put("$schema", "http://json-schema.org/draft-07/schema#");
            root.put("$ref", "#/definitions/" + name);
            root.set("definitions", definitions);
            return factory.getSchema(root);
        });
        return s.validate(message).stream().map(ValidationMessage::getMessage).toList();
    }
}
