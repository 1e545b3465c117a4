import Care

/// The staff directory's objects, in a fixed key order.
extension JSONWriter {
    mutating func writeDirectoryPerson(_ person: DirectoryView.Person) {
        field("staff", person.staff.rawValue)
        field("hsaId", person.hsaID)
        field("name", person.name)
        field("role", person.role.rawValue)
        field("title", person.role.displayName)
        key("units")
        array(person.units) { w, unit in
            w.object { w in
                w.field("unit", unit.unit.rawValue)
                w.field("name", unit.name)
            }
        }
    }

    mutating func writeDirectoryUnit(_ unit: DirectoryView.UnitRoles) {
        field("unit", unit.unit.rawValue)
        field("name", unit.name)
        key("roles")
        array(unit.roles) { w, count in
            w.object { w in
                w.field("role", count.role.rawValue)
                w.field("title", count.role.displayName)
                w.field("people", count.people)
            }
        }
    }
}
