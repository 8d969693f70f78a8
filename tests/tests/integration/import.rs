//! `import-openapi`: the Application tag of the reference document imports into a
//! spec that spec-diff finds identical and that generates; what cannot be imported
//! is reported as located errors, never a panic.

use std::path::PathBuf;

use codegen::openapi::{diff::spec_diff, import, Document, ImportOptions, Imported};
use codegen::SpecText;
use okta_apps_tests::workspace_root;

fn reference(name: &str) -> PathBuf {
    workspace_root().join("spec/reference").join(name)
}

fn document(name: &str) -> Document {
    Document::read(&reference(name)).unwrap_or_else(|e| panic!("{e}"))
}

fn options(tags: &[&str], lenient: bool) -> ImportOptions {
    ImportOptions {
        tags: tags.iter().map(|t| (*t).to_owned()).collect(),
        lenient,
    }
}

/// The imported operationIds, in the order of `operations.yaml`.
fn operation_ids(imported: &Imported) -> Vec<&str> {
    let operations = &imported.operations.operations;
    operations.iter().map(|o| o.id.as_str()).collect()
}

/// The imported models' names, in the order of `models.yaml`.
fn model_names(imported: &Imported) -> Vec<&str> {
    imported
        .models
        .models
        .iter()
        .map(|m| m.name.as_str())
        .collect()
}

#[test]
fn application_tag_imports_into_a_spec_without_drift_that_generates() {
    let document = document("okta-applications-openapi.yaml");
    let imported =
        import(&document, &options(&["Application"], false)).unwrap_or_else(|e| panic!("{e}"));
    assert!(imported.skipped.is_empty());
    assert_eq!(imported.operations.operations.len(), 41);

    let text = SpecText {
        operations: &imported.operations_yaml,
        models: &imported.models_yaml,
    };
    let differences =
        spec_diff(&text, &document, &["Application".to_owned()]).unwrap_or_else(|e| panic!("{e}"));
    assert!(differences.is_empty(), "{differences:#?}");

    let generated = codegen::generate(&text).unwrap_or_else(|e| panic!("{e}"));
    assert!(generated.files.contains_key("src/lib.rs"));
    let api = codegen::load_ir(&text).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(api.operations.len(), 41);

    // Operations by operationId, models by name, as spec/ orders them.
    let ids = operation_ids(&imported);
    let mut sorted = ids.clone();
    sorted.sort_unstable();
    assert_eq!(ids, sorted);
    let names = model_names(&imported);
    let mut sorted = names.clone();
    sorted.sort_unstable();
    assert_eq!(names, sorted);

    // Same input, same bytes.
    let again =
        import(&document, &options(&["Application"], false)).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(again.operations_yaml, imported.operations_yaml);
    assert_eq!(again.models_yaml, imported.models_yaml);
}

#[test]
fn imported_files_read_like_the_transcription() {
    let document = document("okta-applications-openapi.yaml");
    let imported =
        import(&document, &options(&["Application"], false)).unwrap_or_else(|e| panic!("{e}"));
    let ops = &imported.operations_yaml;
    // Long prose folds at column 100 like the hand-written files; bodies keep their names.
    assert!(ops.contains(
        "  description: Assigns an user to an application with [credentials](#application-user-credentials-object)\n    and an app-specific"
    ), "{ops}");
    assert!(ops.contains(
        "  body:\n    kind: json\n    type: AppUser\n    required: true\n    name: appUser\n"
    ));
    assert!(ops.contains(
        "    kind: binary\n    media_types:\n    - media_type: application/x-x509-ca-cert\n      variant: X509CaCert\n"
    ));
    assert!(ops.contains("    kind: multipart\n    parts:\n    - name: file\n      type: binary\n      required: true\n    required: false\n"));
    let models = &imported.models_yaml;
    assert!(models.contains(
        "- name: ApplicationCredentialsScheme\n  kind: enum\n  values:\n  - ADMIN_SETS_CREDENTIALS\n"
    ));
    assert!(
        models.contains("- name: AutoLoginApplication\n  kind: object\n  extends: Application\n")
    );
    assert!(models.contains("  discriminator:\n    property: signOnMode\n    mapping:\n      AUTO_LOGIN: AutoLoginApplication\n"));
    assert!(models.contains("  - name: appLinks\n    type: map<boolean>\n"));
    // The error body's model is reached through the error responses.
    assert!(models.contains("- name: Error\n  kind: object\n"));
}

#[test]
fn unknown_tag_is_a_located_error_with_a_hint() {
    let document = document("okta-applications-openapi.yaml");
    let Err(error) = import(&document, &options(&["Applications"], false)) else {
        panic!("an unknown tag must fail");
    };
    let text = error.to_string();
    assert!(
        text.contains("no operation has the tag `Applications`"),
        "{text}"
    );
    assert!(text.contains("did you mean `Application`?"), "{text}");
}

const UNSUPPORTED: &str = r##"openapi: 3.0.3
info:
  title: Test
  version: 1.0.0
paths:
  /ok:
    get:
      operationId: good
      summary: Fine
      responses:
        '200':
          description: Success
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/Thing'
      tags:
      - T
  /twice:
    post:
      operationId: redirectAside
      summary: A redirect beside a success
      responses:
        '200':
          description: Success
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/Thing'
        '302':
          description: Found
          content:
            text/html:
              schema:
                type: string
      tags:
      - T
  /html:
    get:
      operationId: htmlPage
      summary: HTML
      parameters:
      - name: session
        in: cookie
        schema:
          type: string
      responses:
        '200':
          description: Success
          content:
            application/xml:
              schema:
                type: string
      tags:
      - T
  /diamond:
    get:
      operationId: diamond
      summary: Two parents
      responses:
        '200':
          description: Success
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/Both'
      tags:
      - T
  /mixed:
    get:
      operationId: mixedText
      summary: Text beside JSON
      responses:
        '200':
          description: Success
          content:
            text/html:
              schema:
                type: string
        '201':
          description: Created
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/Thing'
      tags:
      - T
components:
  schemas:
    Thing:
      type: object
      properties:
        id:
          type: string
          readOnly: true
    Other:
      type: object
      properties:
        name:
          type: string
    Both:
      allOf:
      - $ref: '#/components/schemas/Thing'
      - $ref: '#/components/schemas/Other'
"##;

#[test]
fn what_cannot_be_imported_is_reported_located_and_lenient_mode_leaves_it_out() {
    let document = Document::parse("test.yaml", UNSUPPORTED).unwrap_or_else(|e| panic!("{e}"));
    let Err(error) = import(&document, &options(&[], false)) else {
        panic!("unsupported constructs must fail");
    };
    let text = error.to_string();
    for expected in [
        "test.yaml:23:7: error at `paths./twice.post.responses`: operation `redirectAside` documents the redirect 302 beside other answers",
        "test.yaml:44:9: error at `paths./html.get.parameters[0].in`: `in: cookie` parameters are not supported",
        "test.yaml:50:11: error at `paths./html.get.responses.200.content`: unsupported response media type `application/xml`",
        "test.yaml:73:7: error at `paths./mixed.get.responses`: operation `mixedText` has a text success body beside other bodies",
    ] {
        assert!(text.contains(expected), "missing `{expected}` in:\n{text}");
    }

    let lenient = import(&document, &options(&[], true)).unwrap_or_else(|e| panic!("{e}"));
    let ids = operation_ids(&lenient);
    assert_eq!(ids, ["diamond", "good"]);
    assert_eq!(
        lenient.skipped_operations,
        ["htmlPage", "mixedText", "redirectAside"]
    );
    let models = model_names(&lenient);
    assert_eq!(models, ["Both", "Thing"]);
}

/// Inline schemas of every kind the importer names: an object property, an object
/// inside it, an object in `items`, an enum property, enum query parameters (one a
/// list), a request body and a response. `Thing.owner` collides with the schema
/// `ThingOwner`, and `Thing.ownerName` with `owner`'s own `name`.
const INLINE: &str = r##"openapi: 3.0.3
info:
  title: Inline
  version: 1.0.0
paths:
  /things:
    get:
      operationId: listThings
      summary: List things
      parameters:
      - name: sort
        in: query
        schema:
          type: string
          enum:
          - name
          - created
      - name: expand
        in: query
        explode: false
        schema:
          type: array
          items:
            type: string
            enum:
            - owner
            - tags
      responses:
        '200':
          description: Success
          content:
            application/json:
              schema:
                type: array
                items:
                  $ref: '#/components/schemas/Thing'
      tags:
      - Things
    post:
      operationId: createThing
      summary: Create a thing
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              required:
              - name
              properties:
                name:
                  type: string
                password:
                  type: string
                  writeOnly: true
      responses:
        '201':
          description: Created
          content:
            application/json:
              schema:
                type: object
                properties:
                  id:
                    type: string
      tags:
      - Creation
components:
  schemas:
    Thing:
      type: object
      description: A thing.
      required:
      - settings
      properties:
        id:
          type: string
          readOnly: true
        settings:
          type: object
          description: How the thing behaves.
          required:
          - mode
          properties:
            mode:
              type: string
              enum:
              - FAST
              - SLOW
              default: FAST
            limits:
              type: object
              properties:
                max:
                  type: integer
                  format: int64
        labels:
          type: array
          items:
            type: object
            properties:
              key:
                type: string
              value:
                type: string
        extra:
          type: object
        attributes:
          type: object
          additionalProperties:
            type: string
        owner:
          type: object
          readOnly: true
          properties:
            name:
              type: object
              properties:
                first:
                  type: string
        ownerName:
          type: string
          enum:
          - A
          - B
        ownerRef:
          $ref: '#/components/schemas/ThingOwner'
    ThingOwner:
      type: object
      properties:
        id:
          type: string
"##;

/// What `INLINE` imports to, exactly: names, kinds, fields, types, descriptions.
const INLINE_MODELS: &str = r##"models:
- name: CreateThingRequest
  kind: object
  description: The request body of `createThing`.
  fields:
  - name: name
    type: string
    required: true
  - name: password
    type: string
    secret: true
- name: CreateThingResponse
  kind: object
  description: The 201 response of `createThing`.
  fields:
  - name: id
    type: string
- name: ListThingsExpand
  kind: enum
  description: An item of the `expand` query parameter of `listThings`.
  values:
  - owner
  - tags
- name: ListThingsSort
  kind: enum
  description: The `sort` query parameter of `listThings`.
  values:
  - name
  - created
- name: Thing
  kind: object
  description: A thing.
  fields:
  - name: id
    type: string
    read_only: true
  - name: settings
    type: ThingSettings
    required: true
    description: How the thing behaves.
  - name: labels
    type: list<ThingLabels>
  - name: extra
    type: json
  - name: attributes
    type: map<string>
  - name: owner
    type: ThingOwner2
    read_only: true
  - name: ownerName
    type: ThingOwnerName2
  - name: ownerRef
    type: ThingOwner
- name: ThingLabels
  kind: object
  description: An item of the `labels` of `Thing`.
  fields:
  - name: key
    type: string
  - name: value
    type: string
- name: ThingOwner
  kind: object
  fields:
  - name: id
    type: string
- name: ThingOwner2
  kind: object
  description: The `owner` of `Thing`.
  fields:
  - name: name
    type: ThingOwnerName
- name: ThingOwnerName
  kind: object
  description: The `name` of `ThingOwner2`.
  fields:
  - name: first
    type: string
- name: ThingOwnerName2
  kind: enum
  description: The `ownerName` of `Thing`.
  values:
  - A
  - B
- name: ThingSettings
  kind: object
  description: How the thing behaves.
  fields:
  - name: mode
    type: ThingSettingsMode
    required: true
    description: Okta's default is `FAST`.
  - name: limits
    type: ThingSettingsLimits
- name: ThingSettingsLimits
  kind: object
  description: The `limits` of `ThingSettings`.
  fields:
  - name: max
    type: integer
    format: int64
- name: ThingSettingsMode
  kind: enum
  description: The `mode` of `ThingSettings`.
  values:
  - FAST
  - SLOW
"##;

#[test]
fn inline_objects_and_enums_become_named_models() {
    let document = Document::parse("inline.yaml", INLINE).unwrap_or_else(|e| panic!("{e}"));
    let imported = import(&document, &options(&[], false)).unwrap_or_else(|e| panic!("{e}"));
    let models = &imported.models_yaml;
    let body = &models[models.find("models:\n").unwrap_or(0)..];
    assert_eq!(body, INLINE_MODELS, "{models}");
    let ops = &imported.operations_yaml;
    for expected in [
        "  - name: sort\n    in: query\n    type: ListThingsSort\n",
        "  - name: expand\n    in: query\n    type: list<ListThingsExpand>\n    explode: false\n",
        "    kind: json\n    type: CreateThingRequest\n    required: true\n",
        "    status: 201\n    description: Created\n    type: CreateThingResponse\n",
    ] {
        assert!(ops.contains(expected), "missing `{expected}` in:\n{ops}");
    }

    let text = SpecText {
        operations: &imported.operations_yaml,
        models: &imported.models_yaml,
    };
    let generated = codegen::generate(&text).unwrap_or_else(|e| panic!("{e}"));
    for file in [
        "src/models/thing_settings_mode.rs",
        "src/models/thing_owner2.rs",
        "src/models/list_things_expand.rs",
    ] {
        assert!(generated.files.contains_key(file), "no {file}");
    }
    let differences = spec_diff(&text, &document, &[]).unwrap_or_else(|e| panic!("{e}"));
    assert!(differences.is_empty(), "{differences:#?}");

    // Same input, same bytes.
    let again = import(&document, &options(&[], false)).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(again.models_yaml, imported.models_yaml);
    assert_eq!(again.operations_yaml, imported.operations_yaml);
}

/// Names are settled over the whole document, so one tag's import names the inline
/// schemas it reaches as an import of every tag does; and spec-diff of one tag finds
/// the inline models of `spec/` that only the other tag's operations reach through
/// the models that hold them.
#[test]
fn inline_names_do_not_depend_on_the_tags_imported() {
    let document = Document::parse("inline.yaml", INLINE).unwrap_or_else(|e| panic!("{e}"));
    let all = import(&document, &options(&[], false)).unwrap_or_else(|e| panic!("{e}"));
    let things = import(&document, &options(&["Things"], false)).unwrap_or_else(|e| panic!("{e}"));
    let names = |imported: &codegen::openapi::Imported| -> Vec<String> {
        imported
            .models
            .models
            .iter()
            .map(|m| m.name.clone())
            .collect()
    };
    let mut expected = names(&all);
    expected.retain(|n| !n.starts_with("CreateThing"));
    assert_eq!(names(&things), expected);
    let yaml = |model: &codegen::spec::Model| serde_yaml::to_string(model).unwrap_or_default();
    for model in &things.models.models {
        let same = all.models.models.iter().find(|m| m.name == model.name);
        assert_eq!(same.map(yaml), Some(yaml(model)));
    }

    let text = SpecText {
        operations: &all.operations_yaml,
        models: &all.models_yaml,
    };
    let differences =
        spec_diff(&text, &document, &["Creation".to_owned()]).unwrap_or_else(|e| panic!("{e}"));
    let found: Vec<String> = differences.iter().map(ToString::to_string).collect();
    assert_eq!(
        found,
        [
            "operation listThings: spec/ GET /things; openapi absent",
            "model ListThingsExpand: spec/ enum; openapi absent",
            "model ListThingsSort: spec/ enum; openapi absent",
        ],
        "{differences:#?}"
    );
}

#[test]
fn not_an_openapi_3_0_document_is_refused() {
    let Err(error) = Document::parse("x.yaml", "swagger: '2.0'\npaths: {}\n") else {
        panic!("Swagger 2.0 must be refused");
    };
    assert!(error
        .to_string()
        .contains("expected an OpenAPI 3.0 document"));
}

/// The whole management document, every tag, imports strictly: every one of its
/// 401 operations comes through, and `spec-diff` finds nothing but what the spec
/// format leaves out on purpose.
#[test]
fn every_tag_of_the_management_document_imports_strictly() {
    let document = document("okta-management-3.0.0.yaml");
    let imported = import(&document, &options(&[], false)).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(imported.operations.operations.len(), 401);
    assert!(imported.skipped_operations.is_empty());
    assert!(imported.skipped.is_empty(), "{:#?}", imported.skipped);
    let text = SpecText {
        operations: &imported.operations_yaml,
        models: &imported.models_yaml,
    };
    let differences = spec_diff(&text, &document, &[]).unwrap_or_else(|e| panic!("{e}"));
    assert!(
        differences
            .iter()
            .all(|d| d.group == codegen::openapi::Group::Unimportable),
        "{:#?}",
        differences
            .iter()
            .filter(|d| d.group != codegen::openapi::Group::Unimportable)
            .collect::<Vec<_>>()
    );
}

/// A discriminator without `mapping` that nothing extends selects nothing:
/// `EventSubscriptions` (7 EventHook operations) imports as a plain object
/// whose tag is an ordinary field, and the tag imports strictly.
#[test]
fn a_discriminator_without_mapping_and_without_subtypes_is_a_plain_object() {
    let document = document("okta-management-3.0.0.yaml");
    let imported =
        import(&document, &options(&["EventHook"], false)).unwrap_or_else(|e| panic!("{e}"));
    assert!(imported.skipped.is_empty(), "{:#?}", imported.skipped);
    let models = &imported.models_yaml;
    let start = models
        .find("- name: EventSubscriptions\n")
        .unwrap_or_else(|| panic!("no EventSubscriptions in\n{models}"));
    let model = &models[start..];
    let model = &model[..model[1..].find("\n- name:").map_or(model.len(), |i| i + 1)];
    assert!(!model.contains("discriminator"), "{model}");
    assert!(
        model.contains("  - name: type\n    type: EventSubscriptionType"),
        "{model}"
    );
    let text = SpecText {
        operations: &imported.operations_yaml,
        models: &imported.models_yaml,
    };
    codegen::generate(&text).unwrap_or_else(|e| panic!("the EventHook tag generates: {e}"));
}

/// Imports fine, but the generator refuses three of its operations: two
/// parameters with one Rust name, a list in a header, and a model whose two
/// fields take one Rust name.
const REFUSED_BY_THE_GENERATOR: &str = r##"openapi: 3.0.3
info:
  title: Test
  version: 1.0.0
paths:
  /fine:
    get:
      operationId: fine
      summary: Fine
      responses:
        '200':
          description: Success
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/Thing'
  /clash:
    get:
      operationId: clash
      summary: Two names for one argument
      parameters:
      - name: foo-bar
        in: query
        schema:
          type: string
      - name: foo_bar
        in: query
        schema:
          type: string
      responses:
        '204':
          description: Done
  /header-list:
    get:
      operationId: headerList
      summary: A list in a header
      parameters:
      - name: X-Values
        in: header
        schema:
          type: array
          items:
            type: string
      responses:
        '204':
          description: Done
  /collide:
    get:
      operationId: collide
      summary: A model whose fields collide
      responses:
        '200':
          description: Success
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/Collide'
components:
  schemas:
    Thing:
      type: object
      properties:
        id:
          type: string
    Collide:
      type: object
      properties:
        fooBar:
          type: string
        foo_bar:
          type: string
"##;

/// Strict mode imports it and generation then reports each problem; lenient mode
/// leaves out exactly the three operations (and the model only one of them
/// reaches), each with the generator's reason located at the operation, and
/// what it writes generates.
#[test]
fn lenient_import_leaves_out_what_the_generator_refuses_and_its_output_generates() {
    let document =
        Document::parse("test.yaml", REFUSED_BY_THE_GENERATOR).unwrap_or_else(|e| panic!("{e}"));
    let strict = import(&document, &options(&[], false)).unwrap_or_else(|e| panic!("{e}"));
    let text = SpecText {
        operations: &strict.operations_yaml,
        models: &strict.models_yaml,
    };
    let Err(refused) = codegen::generate(&text) else {
        panic!("the strict import must not generate");
    };
    let refused = refused.to_string();
    assert!(
        refused.contains("both become the Rust name `foo_bar`"),
        "{refused}"
    );

    let lenient = import(&document, &options(&[], true)).unwrap_or_else(|e| panic!("{e}"));
    let ids = operation_ids(&lenient);
    assert_eq!(ids, ["fine"]);
    assert_eq!(
        lenient.skipped_operations,
        ["clash", "collide", "headerList"]
    );
    let models = model_names(&lenient);
    assert_eq!(models, ["Thing"]);
    let reasons: Vec<String> = lenient.skipped.iter().map(|d| d.to_string()).collect();
    let expected = [
        ("test.yaml:18:5: error at `paths./clash.get`: operation `clash` is left out: the generator refuses it: parameters `foo-bar` and `foo_bar` both become the Rust name `foo_bar`", "operations[0].params[1].name"),
        ("test.yaml:48:5: error at `paths./collide.get`: operation `collide` is left out: the generator refuses the model `Collide` it reaches: fields `fooBar` and `foo_bar` both become the Rust field `foo_bar`", "models[0].fields[1].name"),
        ("test.yaml:34:5: error at `paths./header-list.get`: operation `headerList` is left out: the generator refuses it: a header parameter must be", "not list<string>"),
    ];
    for (start, contains) in expected {
        assert!(
            reasons
                .iter()
                .any(|r| r.starts_with(start) && r.contains(contains)),
            "no `{start}…{contains}…` in {reasons:#?}"
        );
    }
    let text = SpecText {
        operations: &lenient.operations_yaml,
        models: &lenient.models_yaml,
    };
    codegen::generate(&text).unwrap_or_else(|e| panic!("the lenient output generates: {e}"));
}

/// The management document's inline objects with properties (18) and inline enums (2)
/// become models named after where they are, and the named enums that only they use
/// (lost while the inline objects were `json`) come with them.
#[test]
fn the_management_document_types_its_inline_schemas() {
    let path = reference("okta-management-3.0.0.yaml");
    let document = Document::read(&path).unwrap_or_else(|e| panic!("{e}"));
    let imported = import(&document, &options(&[], false)).unwrap_or_else(|e| panic!("{e}"));
    let raw: serde_yaml::Value =
        serde_yaml::from_str(&std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{e}")))
            .unwrap_or_else(|e| panic!("{e}"));
    let named = &raw["components"]["schemas"];
    let models = &imported.models.models;
    let inline: Vec<&str> = models
        .iter()
        .map(|m| m.name.as_str())
        .filter(|name| named.get(name).is_none())
        .collect();
    assert_eq!(
        inline,
        [
            "ApiTokenLink",
            "ApplicationLayoutRule",
            "BehaviorRuleLink",
            "BrandDefaultApp",
            "CAPTCHAInstanceLink",
            "DeviceAssuranceDiskEncryptionType",
            "DeviceAssuranceLinks",
            "DeviceAssuranceScreenLockType",
            "EmailCustomizationLinks",
            "EmailDefaultContentLinks",
            "EmailPreviewLinks",
            "EmailSettingsRecipients",
            "EmailTemplateEmbedded",
            "EmailTemplateLinks",
            "ErrorErrorCauses",
            "HrefObjectHints",
            "MultifactorEnrollmentPolicyAuthenticatorSettingsEnroll",
            "PushProviderLinks",
            "QueryExpandEmailTemplate",
            "SignInPageWidgetCustomizations",
        ]
    );
    let kind_of = |name: &str| {
        models
            .iter()
            .find(|m| m.name == name)
            .map(|m| m.kind.to_string())
    };
    let enums: Vec<&str> = inline
        .iter()
        .copied()
        .filter(|name| kind_of(name).as_deref() == Some("enum"))
        .collect();
    assert_eq!(
        enums,
        ["EmailSettingsRecipients", "QueryExpandEmailTemplate"]
    );
    for recovered in [
        "DiskEncryptionType",
        "HttpMethod",
        "MultifactorEnrollmentPolicyAuthenticatorStatus",
        "ScreenLockType",
    ] {
        assert_eq!(kind_of(recovered).as_deref(), Some("enum"), "{recovered}");
    }
    // The one named object that only an inline one used.
    assert_eq!(
        kind_of("ApplicationLayoutRuleCondition").as_deref(),
        Some("object")
    );
    let text = &imported.models_yaml;
    assert!(text.contains(
        "- name: HrefObjectHints\n  kind: object\n  description: The `hints` of `HrefObject`.\n  fields:\n  - name: allow\n    type: list<HttpMethod>\n"
    ), "{text}");
    assert!(text.contains("  - name: errorCauses\n    type: list<ErrorErrorCauses>\n"));
    let shared = imported
        .operations
        .operations
        .iter()
        .filter(|op| {
            op.params
                .iter()
                .any(|p| p.name == "expand" && p.ty == "list<QueryExpandEmailTemplate>")
        })
        .map(|op| op.id.as_str())
        .collect::<Vec<_>>();
    assert_eq!(shared, ["getEmailTemplate", "listEmailTemplates"]);
}

/// Inline objects count towards the depth a type may nest to, as references and `items`
/// do: a chain past it is a located error, not a deep recursion.
#[test]
fn inline_schemas_nest_only_so_deep() {
    let mut schema = r#"{"type": "string"}"#.to_owned();
    for _ in 0..12 {
        schema = format!(
            r#"{{"type": "object", "properties": {{"p": {{"type": "array", "items": {{"type": "array", "items": {schema}}}}}}}}}"#
        );
    }
    let text = format!(
        "openapi: 3.0.3\ninfo: {{title: Deep, version: '1'}}\npaths:\n  /deep:\n    get:\n      operationId: deep\n      responses:\n        '200':\n          description: Success\n          content:\n            application/json:\n              schema:\n                $ref: '#/components/schemas/Deep'\ncomponents:\n  schemas:\n    Deep: {schema}\n"
    );
    let document = Document::parse("deep.yaml", &text).unwrap_or_else(|e| panic!("{e}"));
    let Err(error) = import(&document, &options(&[], false)) else {
        panic!("a type nested this deep must fail");
    };
    let message = error.to_string();
    assert!(
        message.contains("error at `components.schemas.Deep.properties.p.items.items.properties.p"),
        "{message}"
    );
    assert!(
        message.contains("schemas nest or refer to each other more than 32 deep"),
        "{message}"
    );
}

/// One small document per OpenAPI construct the importer translates into the strict spec
/// format (`fixtures/valid/import_constructs/<name>/openapi.yaml`): each imports strictly,
/// what it gives (its warnings, located, then both files) is snapshotted, and that spec
/// generates.
#[test]
fn each_openapi_construct_imports_strictly_with_located_warnings() {
    let root = workspace_root().join("tests/fixtures/valid/import_constructs");
    let mut names: Vec<String> = std::fs::read_dir(&root)
        .unwrap_or_else(|e| panic!("{}: {e}", root.display()))
        .filter_map(|entry| Some(entry.ok()?.file_name().to_str()?.to_owned()))
        .collect();
    names.sort();
    assert!(!names.is_empty());
    for name in names {
        let file = format!("{name}/openapi.yaml");
        let text = std::fs::read_to_string(root.join(&file)).unwrap_or_else(|e| panic!("{e}"));
        let document = Document::parse(&file, &text).unwrap_or_else(|e| panic!("{e}"));
        let imported =
            import(&document, &options(&[], false)).unwrap_or_else(|e| panic!("{name}: {e}"));
        codegen::generate(&SpecText {
            operations: &imported.operations_yaml,
            models: &imported.models_yaml,
        })
        .unwrap_or_else(|e| panic!("{name} does not generate: {e}"));
        let warnings: String = imported
            .warnings
            .iter()
            .map(|w| format!("{}\n", w.as_warning()))
            .collect();
        insta::assert_snapshot!(
            format!("import_construct__{name}"),
            format!(
                "# warnings\n{warnings}\n# operations.yaml\n{}\n# models.yaml\n{}",
                imported.operations_yaml, imported.models_yaml
            )
        );
    }
}
