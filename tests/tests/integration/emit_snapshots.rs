//! One small spec per construct the generator supports, with the emitted file
//! snapshotted. A change to emission shows up here as a reviewable diff;
//! accept an intended one with `cargo insta review`.

use codegen::{generate, SpecText};

const NO_OPERATIONS: &str = "operations: []\n";
const NO_MODELS: &str = "models: []\n";

/// A model all operation fixtures can use.
const PET: &str = "\
models:
- name: Pet
  kind: object
  fields:
  - name: id
    type: string
    read_only: true
";

/// Used by the operation's snapshot and by its mock expectation's.
const UPDATE_PET: &str = "\
operations:
- id: updatePet
  method: PUT
  path: /pets/{petId}/owners/{ownerId}
  summary: Replace a pet
  description: Replaces a pet of an owner.
  scopes: [pets.manage]
  params:
  - name: ownerId
    in: path
    type: string
    required: true
  - name: petId
    in: path
    type: integer
    required: true
  - name: notify
    in: query
    type: boolean
    default: false
    description: Tells the owner
  - name: targetAid
    in: query
    type: string
    required: true
  - name: X-Agent
    in: header
    type: string
  body:
    kind: json
    type: Pet
    required: true
    name: pet
  response:
    status: 200
    type: Pet
  errors: [400, 404, 429]
";

/// Used by the operation's snapshot and by its mock expectation's.
const LIST_PETS: &str = "\
operations:
- id: listPets
  method: GET
  path: /pets
  summary: List pets
  params:
  - name: after
    in: query
    type: string
  - name: limit
    in: query
    type: integer
    default: 20
  response:
    status: 200
    type: list<Pet>
  errors: [403]
";

/// Used by the operation's snapshot and by its mock expectation's.
const TOUCH_PET: &str = "\
operations:
- id: touchPet
  method: POST
  path: /pets/{petId}/touch
  summary: Touch a pet
  params:
  - name: petId
    in: path
    type: string
    required: true
  body:
    kind: json
    type: Pet
  response:
    status: 204
  errors: [404]
";

fn emitted(operations: &str, models: &str, path: &str) -> String {
    let generated = generate(&SpecText { operations, models }).unwrap_or_else(|e| panic!("{e}"));
    generated
        .files
        .get(path)
        .unwrap_or_else(|| {
            panic!(
                "no {path}; files: {:?}",
                generated.files.keys().collect::<Vec<_>>()
            )
        })
        .clone()
}

#[test]
fn object_with_awkward_names_map_and_array() {
    let models = "\
models:
- name: Key
  kind: object
  description: A key, with wire names that are not Rust names.
  fields:
  - name: x5t#S256
    type: string
    description: SHA-256 thumbprint.
  - name: key_ops
    type: list<string>
  - name: type
    type: string
  - name: _links
    type: map<json>
    read_only: true
  - name: created
    type: string
    format: date-time
  - name: size
    type: integer
    format: int64
    default: 2048
  - name: secret
    type: string
    format: password
    secret: true
  - name: required_name
    type: string
    required: true
";
    // `Key` is also a name union files import: the model becomes `KeyModel`.
    insta::assert_snapshot!(emitted(NO_OPERATIONS, models, "src/models/key_model.rs"));
}

#[test]
fn open_enum() {
    let models = "\
models:
- name: Status
  kind: enum
  description: Lifecycle status.
  values: [ACTIVE, INACTIVE, UNKNOWN, 2FA_REQUIRED]
";
    insta::assert_snapshot!(emitted(NO_OPERATIONS, models, "src/models/status.rs"));
}

const UNION: &str = "\
models:
- name: Animal
  kind: object
  discriminator:
    property: kind
    mapping:
      CAT: Cat
      DOG: Dog
      PUPPY: Dog
  fields:
  - name: kind
    type: string
  - name: name
    type: string
- name: Cat
  kind: object
  extends: Animal
  fields:
  - name: lives
    type: integer
- name: Dog
  kind: object
  extends: Animal
  fields:
  - name: name
    type: string
    default: Rex
  - name: good
    type: boolean
";

#[test]
fn discriminated_union() {
    insta::assert_snapshot!(emitted(NO_OPERATIONS, UNION, "src/models/animal.rs"));
}

#[test]
fn union_base_fields() {
    insta::assert_snapshot!(emitted(NO_OPERATIONS, UNION, "src/models/animal_base.rs"));
}

#[test]
fn all_of_subtype_inherits_fields() {
    insta::assert_snapshot!(emitted(NO_OPERATIONS, UNION, "src/models/dog.rs"));
}

/// A subtype outside the mapping that refines a common field's default, and a
/// variant with nothing but its tag.
const UNION_EDGES: &str = "\
models:
- name: Animal
  kind: object
  discriminator:
    property: kind
    mapping:
      BIRD: Bird
      FINCH: Bird
  fields:
  - name: kind
    type: string
  - name: name
    type: string
- name: Bird
  kind: object
  extends: Animal
- name: Wolf
  kind: object
  extends: Animal
  fields:
  - name: name
    type: string
    default: Grey
";

#[test]
fn union_subtype_outside_the_mapping_presets_its_refined_default_only_in_new() {
    // Decoding must not start from `new()`: an absent `name` stays unset.
    insta::assert_snapshot!(emitted(NO_OPERATIONS, UNION_EDGES, "src/models/wolf.rs"));
}

#[test]
fn union_variant_with_only_its_tag() {
    insta::assert_snapshot!(emitted(NO_OPERATIONS, UNION_EDGES, "src/models/bird.rs"));
}

#[test]
fn parameters_in_path_query_and_header_with_json_body() {
    insta::assert_snapshot!(emitted(UPDATE_PET, PET, "src/operations/update_pet.rs"));
}

#[test]
fn paginated_list() {
    insta::assert_snapshot!(emitted(LIST_PETS, PET, "src/operations/list_pets.rs"));
}

#[test]
fn void_response_and_optional_body() {
    insta::assert_snapshot!(emitted(TOUCH_PET, PET, "src/operations/touch_pet.rs"));
}

#[test]
fn multipart_body() {
    let operations = "\
operations:
- id: uploadPhoto
  method: POST
  path: /pets/{petId}/photo
  summary: Upload a photo
  params:
  - name: petId
    in: path
    type: string
    required: true
  body:
    kind: multipart
    parts:
    - name: file
      type: binary
      required: true
    required: true
  response:
    status: 201
  errors: [400]
";
    insta::assert_snapshot!(emitted(
        operations,
        NO_MODELS,
        "src/operations/upload_photo.rs"
    ));
}

#[test]
fn binary_body_in_several_media_types() {
    let operations = "\
operations:
- id: publishCert
  method: POST
  path: /certs/{certId}/publish
  summary: Publish a certificate
  params:
  - name: certId
    in: path
    type: string
    required: true
  body:
    kind: binary
    name: certificate
    required: true
    media_types:
    - media_type: application/x-pem-file
      variant: Pem
      description: PEM text.
    - media_type: application/pkix-cert
      variant: Der
  response:
    status: 201
    type: Pet
  errors: [400]
";
    insta::assert_snapshot!(emitted(operations, PET, "src/operations/publish_cert.rs"));
}

#[test]
fn module_indexes() {
    let generated = generate(&SpecText {
        operations: NO_OPERATIONS,
        models: UNION,
    })
    .unwrap_or_else(|e| panic!("{e}"));
    insta::assert_snapshot!(generated.files["src/models/mod.rs"]);
}

#[test]
fn mock_expectation_with_path_query_header_and_body_matchers() {
    insta::assert_snapshot!(emitted(
        UPDATE_PET,
        PET,
        "src/mock/operations/update_pet.rs"
    ));
}

#[test]
fn mock_expectation_of_a_paginated_list() {
    insta::assert_snapshot!(emitted(LIST_PETS, PET, "src/mock/operations/list_pets.rs"));
}

#[test]
fn mock_expectation_without_a_response_body() {
    insta::assert_snapshot!(emitted(TOUCH_PET, PET, "src/mock/operations/touch_pet.rs"));
}

#[test]
fn mock_index_with_routes() {
    insta::assert_snapshot!(emitted(UPDATE_PET, PET, "src/mock/operations/mod.rs"));
}

/// The whole API's constructs, from the fixture that `whole_api.rs` also runs.
fn whole_api_construct(path: &str) -> String {
    let fixture =
        okta_apps_tests::workspace_root().join("tests/fixtures/valid/whole_api_constructs");
    let read = |name: &str| std::fs::read_to_string(fixture.join(name)).expect("a fixture file");
    emitted(&read("operations.yaml"), &read("models.yaml"), path)
}

#[test]
fn text_response() {
    insta::assert_snapshot!(whole_api_construct("src/operations/preview_page.rs"));
}

#[test]
fn further_success_status_without_a_body() {
    insta::assert_snapshot!(whole_api_construct("src/operations/assign_role.rs"));
}

#[test]
fn mock_expectation_of_a_further_success_status_and_a_text_response() {
    insta::assert_snapshot!(
        whole_api_construct("src/mock/operations/assign_role.rs")
            + &whole_api_construct("src/mock/operations/preview_page.rs")
    );
}

#[test]
fn list_query_parameters_repeated_and_comma_separated() {
    insta::assert_snapshot!(
        whole_api_construct("src/operations/list_templates.rs")
            + &whole_api_construct("src/mock/operations/list_templates.rs")
    );
}

#[test]
fn secret_json_field() {
    insta::assert_snapshot!(whole_api_construct("src/models/push_configuration.rs"));
}

#[test]
fn nullable_fields_optional_and_required() {
    insta::assert_snapshot!(whole_api_construct("src/models/profile.rs"));
}

#[test]
fn operation_named_like_a_model_gets_a_request_builder() {
    insta::assert_snapshot!(whole_api_construct("src/operations/template.rs"));
}

#[test]
fn union_with_standalone_variants() {
    // A mapped model that does not extend the union is held as it is.
    insta::assert_snapshot!(whole_api_construct("src/models/attribute_statement.rs"));
}

#[test]
fn union_with_a_subtype_and_a_standalone_variant() {
    insta::assert_snapshot!(whole_api_construct("src/models/auth_method.rs"));
}

#[test]
fn union_subtype_refining_a_common_field_with_its_own_type() {
    insta::assert_snapshot!(whole_api_construct("src/models/factor_call.rs"));
}

#[test]
fn union_whose_standalone_variant_is_a_subtype_of_another_union() {
    insta::assert_snapshot!(whole_api_construct("src/models/resend_factor.rs"));
}

#[test]
fn success_statuses_with_different_bodies_answer_an_enum_by_status() {
    insta::assert_snapshot!(
        whole_api_construct("src/operations/verify_factor.rs")
            + &whole_api_construct("src/mock/operations/verify_factor.rs")
    );
}

#[test]
fn success_statuses_with_the_same_body_answer_one_type() {
    insta::assert_snapshot!(
        whole_api_construct("src/operations/upsert_user_risk.rs")
            + &whole_api_construct("src/mock/operations/upsert_user_risk.rs")
    );
}

#[test]
fn a_redirect_as_the_one_documented_answer_is_returned() {
    insta::assert_snapshot!(
        whole_api_construct("src/operations/grant_okta_support.rs")
            + &whole_api_construct("src/mock/operations/grant_okta_support.rs")
    );
}

#[test]
fn a_json_body_in_the_merge_patch_media_type() {
    insta::assert_snapshot!(
        whole_api_construct("src/operations/update_custom_aaguid.rs")
            + &whole_api_construct("src/mock/operations/update_custom_aaguid.rs")
    );
}

#[test]
fn a_text_body_in_a_media_type_of_its_own() {
    insta::assert_snapshot!(
        whole_api_construct("src/operations/publish_security_event_tokens.rs")
            + &whole_api_construct("src/mock/operations/publish_security_event_tokens.rs")
    );
}
