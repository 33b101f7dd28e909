"""Schemas (and model names) the fake's generator is compared on with the real codegen.

Each is a small SDL exercising one area; test_against_codegen.py runs them all through
codegen's own plugin and through ``modelgen.generate``; the other tests use some by name.
"""

from __future__ import annotations

import random

ACCEPTED: dict[str, str] = {
    "todo": """
type Todo @model @auth(rules: [{ allow: owner }]) {
  name: String!
  done: Boolean
  tags: [String!]!
  notes: [String]
  status: Status
  place: Location
}
enum Status { OPEN DONE }
type Location { lat: Float! lng: Float }
""",
    "relations of a project": """
type Project @model {
  name: String
  team: Team @hasOne
  tasks: [Task] @hasMany
  notes: [Note] @hasMany
}
type Team @model { name: String! }
type Task @model { title: String project: Project @belongsTo }
type Note @model { body: String }
type Post @model { title: String! tags: [Tag] @manyToMany(relationName: "PostTags") }
type Tag @model { label: String! posts: [Post] @manyToMany(relationName: "PostTags") }
""",
    "auth rule variants": """
    type A @model @auth(rules: [
      { allow: groups, groups: ["Admin"] }
      { allow: groups, groupsField: "gs" }
      { allow: groups, groupField: "dynamic" }
      { allow: owner, ownerField: "author", identityClaim: "sub", operations: [read] }
      { allow: private, provider: iam, operations: [] }
      { allow: public, provider: apiKey }
    ]) { x: Int }
    """,
    "model directive arguments": """
    type A @model(queries: null, subscriptions: { level: off })
      @custom(i: 7, f: 1.50, big: 12345678901234567890, tiny: 2.5e-7, s: "é;\\"q\\"", l: [1, true, null, X])
    { x: Int }
    """,
    "timestamps renamed and left out": """
    type A @model(timestamps: null) { x: Int }
    type B @model(timestamps: { createdAt: "made", updatedAt: "changed" }) { x: Int }
    type C @model { x: Int createdAt: AWSDateTime! }
    """,
    "order by sku and date": """
    type Order @model {
      sku: String! @primaryKey(sortKeyFields: ["placed"])
      placed: AWSDateTime!
      status: String @index @index(name: "byStatus", queryField: "ordersByStatus", sortKeyFields: ["placed"])
    }
    """,
    "customer orders by composite key": """
    type Customer @model {
      email: String! @primaryKey(sortKeyFields: ["region"])
      region: String!
      orders: [Order] @hasMany
    }
    type Order @model { total: Float customer: Customer @belongsTo }
    """,
    "unrelated model fields": """
    type A @model { b: B bs: [B] @connection(name: "AB") x: Int }
    type B @model { x: Int }
    """,
    "find query with a filter": """
    type A @model { x: Int }
    input Filter { min: Int! names: [String] }
    type Query { find(filter: Filter, ids: [ID!]!): [A] echo(text: String): String }
    type Mutation { ping: Boolean! }
    """,
    "amplify input and no model": "input AMPLIFY { globalAuthRule: AuthRule = { allow: public } } type Point { x: Int }",
    "basic": """type Todo @model @auth(rules: [{ allow: owner }]) {
  id: ID!
  name: String!
  done: Boolean
  tags: [String!]!
  status: Status
  loc: Location
}
enum Status { OPEN DONE }
type Location { lat: Float! lng: Float }
type Note @model {
  body: String
}
""",
    "declared out of order": """enum Color { RED green }
type Zed { a: Int }
type Beta @model { name: String c: Color z: Zed }
type Alpha @model(timestamps: {createdAt: "made"}) { id: ID! x: [Int] y: [Int!] w: [Int]! }
""",
    "relations": """
type Project @model {
  name: String
  team: Team @hasOne
  tasks: [Task] @hasMany
}
type Team @model { name: String! }
type Task @model { title: String project: Project @belongsTo }
type Post @model { id: ID! title: String! tags: [Tag] @manyToMany(relationName: "PostTags") }
type Tag @model { id: ID! label: String! posts: [Post] @manyToMany(relationName: "PostTags") }
""",
    "custom primary key and indexes": 'type T @model { k: String! @primaryKey(sortKeyFields: ["s"]) s: Int! st: String @index(sortKeyFields: ["s"]) @index(name: "byS", queryField: "q") c: [C] @hasMany } type C @model { x: Int }',
    "enum values in any case": "enum E { green GREEN aB a_b } type T @model { e: E }",
    "auth rules": """
type A @model @auth(rules: [
  { allow: owner }
  { allow: owner, ownerField: "author", identityClaim: "sub", operations: [read, update] }
  { allow: groups, groups: ["Admin", "a;b"] }
  { allow: groups, groupsField: "gs" }
  { allow: groups, groupField: "dyn" }
  { allow: public, provider: apiKey }
  { allow: private, provider: iam, operations: [] }
  { allow: owner, identityField: "sub", mutations: [create] }
]) { x: Int }
""",
    "timestamps": """
type A @model(timestamps: null) { x: Int }
type B @model(timestamps: {createdAt: "made", updatedAt: "changed"}) { x: Int }
type C @model(timestamps: {createdAt: null}) { x: Int createdAt: AWSDateTime! }
type D @model(queries: null, subscriptions: {level: off}) @searchable { x: Int }
""",
    "scalars and list nullability": "type A @model { a: [Int] b: [Int!] c: [Int]! d: [Int!]! e: [[String]] id: ID f: AWSJSON g: AWSURL h: AWSTimestamp i: AWSPhone j: AWSIPAddress k: AWSEmail l: AWSDate m: AWSTime n: Float }",
    "no model": "type Foo { a: Int b: [String!]! }",
    "operations and inputs": """
type A @model { x: Int }
input In { a: Int! b: [String] e: E }
enum E { X Y }
type Query { getThing(id: ID!, f: In): A echo(msg: String): String list: [A!]! }
type Mutation { doIt(x: Int): Boolean }
type Subscription { onIt: A @aws_subscribe(mutations: ["doIt"]) }
input AMPLIFY { globalAuthRule: AuthRule = { allow: public } }
""",
    "has one with belongs to": """
type Project @model { team: Team @hasOne }
type Team @model { project: Project @belongsTo }
""",
    "has many by index": """
type Post @model { id: ID! comments: [Comment] @hasMany(indexName: "byPost", fields: ["id"]) }
type Comment @model { id: ID! postID: ID! @index(name: "byPost", sortKeyFields: ["content"]) content: String! post: Post @belongsTo(fields: ["postID"]) }
""",
    "has many without belongs to": """
type Blog @model { posts: [Post] @hasMany }
type Post @model { title: String }
""",
    "composite key relation": """
type Customer @model { email: String! @primaryKey(sortKeyFields: ["name"]) name: String! orders: [Order] @hasMany }
type Order @model { total: Float customer: Customer @belongsTo }
""",
    "references": """
type Team @model { id: ID! members: [Member] @hasMany(references: ["teamId"]) lead: Lead @hasOne(references: "teamId") }
type Member @model { teamId: ID team: Team @belongsTo(references: ["teamId"]) }
type Lead @model { teamId: ID team: Team @belongsTo(references: ["teamId"]) }
""",
    "many to many with custom keys": """
type Student @model { sid: String! @primaryKey(sortKeyFields: ["year"]) year: Int! courses: [Course] @manyToMany(relationName: "enrollment") }
type Course @model @auth(rules: [{allow: owner}]) { code: ID! @primaryKey students: [Student] @manyToMany(relationName: "enrollment") }
""",
    "v1 connection and key": """
type Post @model @key(name: "byTitle", fields: ["title"]) { id: ID! title: String comments: [Comment] @connection(keyName: "byPost", fields: ["id"]) }
type Comment @model @key(name: "byPost", fields: ["postID"]) { id: ID! postID: ID! post: Post @connection(fields: ["postID"]) }
""",
    "model field without relation": "type A @model { b: B bs: [B] } type B @model { x: Int }",
    "directive argument values": 'type A @model @custom(i: 12345678901234567890, f: 1.50, s: "é\\u00e9;\\"q\\"", l: [1, 2.0e-7, null, true], o: {k: X, n: {m: [A B]}}) { x: Int }',
    "plural names": """
type Category @model { x: Int } type Address @model { x: Int } type Person @model { x: Int } type Status @model { x: Int }
type Box @model { x: Int } type Wish @model { x: Int } type Match @model { x: Int } type Leaf @model { x: Int }
type Day @model { x: Int } type Child @model { x: Int } type Media @model { x: Int } type Hero @model { x: Int }
type BlogPerson @model { x: Int } type TODO @model { x: Int } type Index @model { x: Int } type Analysis @model { x: Int }
""",
    "interface and union": """
interface Node { id: ID! }
type A @model { id: ID! x: Int }
union U = A
type Query { search: [U] node: Node a: A }
""",
    "oidc and custom auth": 'type A @model @auth(rules: [{allow: owner, provider: oidc, identityClaim: "sub"}, {allow: groups, provider: oidc, groupClaim: "groups", groups: ["x"]}, {allow: custom}]) { x: Int }',
    "extend type": "type A @model { x: Int } extend type A @searchable { y: Int }",
    "descriptions and field directives": '"""A thing""" type A @model { "the x" x: Int @default(value: "3") @auth(rules: [{allow: owner}]) }',
    "has one by fields": 'type Project @model { teamID: ID team: Team @hasOne(fields: ["teamID"]) } type Team @model { name: String }',
    "schema definition": "schema { query: Q } type Q { a: Int } type A @model { x: Int }",
    "id as primary key": "type A @model { id: ID! @primaryKey x: Int }",
    "default index names": 'type Todo @model { status: String @index todo: String @index(sortKeyFields: ["status", "createdAt"]) }',
}

# codegen refuses these; the fake must too (the job then ends FAILED)
REJECTED: dict[str, str] = {
    "syntax error": "type Todo @model { id: ID! name String }",
    "unknown type": "type Todo @model { id: ID! x: Foo }",
    "nullable primary key": "type T @model { k: String @primaryKey }",
    "belongs to without parent": "type A @model { b: B @belongsTo } type B @model { x: Int }",
    "has many not a list": "type A @model { b: B @hasMany } type B @model { x: Int }",
    "custom scalar field": "scalar Foo type A @model { x: Foo }",
    "union field": "union U = A | B type A @model { x: Int } type B @model { u: U }",
    "many to many one side": 'type A @model { bs: [B] @manyToMany(relationName: "AB") } type B @model { x: Int }',
    "sort key not declared": 'type T @model { k: String! @primaryKey(sortKeyFields: ["createdAt"]) }',
    "has one list": "type A @model { b: [B] @hasOne } type B @model { x: Int }",
    "only whitespace": "   ",
    "field redeclared with another type": "type A @model { x: Int } type A { x: String }",
}

# model names whose pluralName codegen (pluralize) and the fake must agree on
_WORDS = """
Todo Post Comment User Blog Category Address Person People Status Box Wish Match Leaf Day
Child Media Hero BlogPerson TODO Index Analysis Company Story Key Toy Knife Life Wolf Potato
Photo Video Bus Campus Virus Alias Canvas Quiz Man Woman Chairman Human Mouse Tooth Foot Goose
Ox Criterion Phenomenon Datum Data Medium Cactus Fungus Radius Focus Matrix Vertex Appendix
Crisis Thesis Axis Half Shelf Scarf Hoof Wife Calf Roof Chief Belief Safe Cafe Tomato Echo
Zero Piano Series Species Sheep Fish Deer News Equipment Information Software Hardware Staff
Personnel Music Mail Research Traffic Money Journey Monkey Valley Alley Trolley Kidney
Attorney Turkey Essay Boy Guy Toy Fly Sky City Party Entity Activity Property Reply Survey
Inventory Gallery Delivery Query Library Country Buy Key Play Display Holiday Birthday Way
Array Tray Ray Class Glass Pass Boss Kiss Business Process Address Access Success Witness
Bonus Genius Census Status Prospectus Octopus Platypus Tax Fox Fax Inbox Sandbox Mailbox Box
Suffix Prefix Hex Complex Annex Index Reflex Codex Latex Church Watch Batch Branch Search Dish
Wish Brush Crash Flash Hash Push Clash Buzz Fizz Waltz Quartz Blitz Spritz Gas Atlas Bias Iris
Lens Menu Emu Gnu Tofu Item Order Invoice Product Cart Customer Account Profile Setting
Message Chat Channel Thread Notification Event Task Project Team Member Lead Note Tag Image
File Folder Document Page Section Article Review Rating Vote Like Follow Friend Group Role
Permission Sku SKU HTTPRequest APIKey URL ID Job Agenda Schema Die Axe Proof Thief Valve
Groove Eave Volcano Tornado Torpedo Genus Chinese Japanese Portuguese Reindeer Goldfish
Swordfish Measles Chickenpox Smallpox Famous Precious Stomach Epoch Monarch Tech Loaf Dwarf
Elf Self Gulf Golf Cliff Staff Sniff Puff Chef Ref Beef Reef Serf Turf Surf Knife Midwife
Housewife Penknife
"""
WORDS = _WORDS.split()


def random_schemas(seed: int, count: int) -> dict[str, str]:
    """``count`` schemas mixing keys, indexes, auth, timestamps and relations, the same for
    the same ``seed`` (so a difference from codegen names a schema one can rebuild)."""
    rng = random.Random(seed)
    out = {}
    for number in range(count):
        out[f"random {seed}-{number}"] = _random_schema(rng)
    return out


_SCALARS = ["ID", "String", "Int", "Float", "Boolean", "AWSDateTime", "AWSJSON", "AWSURL"]
_WRAPPERS = ["{}", "{}!", "[{}]", "[{}!]", "[{}]!", "[{}!]!"]
_RULES = [
    "{allow: owner}",
    '{allow: owner, ownerField: "author"}',
    '{allow: groups, groups: ["Admin"]}',
    '{allow: groups, groupsField: "g"}',
    '{allow: groups, groupField: "dynamic"}',
    "{allow: public}",
    "{allow: private, provider: iam}",
    "{allow: owner, operations: [read]}",
]
_MODEL_ARGUMENTS = [
    "(timestamps: null)",
    '(timestamps: {createdAt: "made"})',
    '(queries: {get: "fetch"})',
]
_NAMES = [
    "Post",
    "Comment",
    "Blog",
    "Author",
    "Tag",
    "Item",
    "Order",
    "Customer",
    "Category",
    "Box",
]


def _random_schema(rng: random.Random) -> str:
    names = rng.sample(_NAMES, rng.randint(1, 5))
    extra = (["Kind"] if rng.random() < 0.5 else []) + (["Geo"] if rng.random() < 0.4 else [])
    fields: dict[str, list[str]] = {}
    heads: dict[str, str] = {}
    for name in names:
        items = [
            f"f{i}: {rng.choice(_WRAPPERS).format(rng.choice(_SCALARS + extra))}"
            for i in range(rng.randint(0, 4))
        ]
        if rng.random() < 0.3:
            composite = rng.random() < 0.5
            items.insert(
                0,
                'pk: String! @primaryKey(sortKeyFields: ["sk"])'
                if composite
                else "pk: String! @primaryKey",
            )
            items += ["sk: Int!"] if composite else []
        if rng.random() < 0.3:
            named = (
                f'(name: "by{name}St", queryField: "list{name}BySt")' if rng.random() < 0.5 else ""
            )
            items.append(f"st: String @index{named}")
        if rng.random() < 0.5 and not any(i.startswith("pk:") for i in items):
            items.insert(rng.randint(0, len(items)), "id: ID!")
        head = "@model" + (rng.choice(_MODEL_ARGUMENTS) if rng.random() < 0.2 else "")
        if rng.random() < 0.4:
            head += f" @auth(rules: [{', '.join(rng.sample(_RULES, rng.randint(1, 3)))}])"
        fields[name], heads[name] = items, head
    for index, child in enumerate(names[1:], start=1):
        parent, kind = names[rng.randrange(index)], rng.random()
        if kind < 0.35:
            fields[parent].append(f"{child.lower()}s: [{child}] @hasMany")
            if rng.random() < 0.6:
                fields[child].append(f"up: {parent} @belongsTo")
        elif kind < 0.55:
            fields[parent].append(f"{child.lower()}: {child} @hasOne")
            if rng.random() < 0.5:
                fields[child].append(f"up: {parent} @belongsTo")
        elif kind < 0.7:
            relation = f'@manyToMany(relationName: "{parent}{child}")'
            fields[parent].append(f"{child.lower()}s: [{child}] {relation}")
            fields[child].append(f"{parent.lower()}s: [{parent}] {relation}")
    parts = [f"type {n} {heads[n]} {{ {' '.join(fields[n]) or 'x: Int'} }}" for n in names]
    parts += ["enum Kind { A B }"] if "Kind" in extra else []
    parts += ["type Geo { lat: Float! lng: Float }"] if "Geo" in extra else []
    rng.shuffle(parts)
    return "\n".join(parts)
