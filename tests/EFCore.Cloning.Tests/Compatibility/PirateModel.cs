using System.ComponentModel.DataAnnotations.Schema;

namespace EFCore.Cloning.Tests.Compatibility;

// The test models of Rails' deep_cloneable (moiristo/deep_cloneable, test/models.rb and test/schema.rb), written as EF
// entities. Where ActiveRecord has no EF counterpart the nearest EF shape is used: a polymorphic belongs_to is a plain
// foreign key, has_and_belongs_to_many is a many-to-many with an implicit join table, has_many :through with a model is
// a many-to-many with an explicit join entity, has_one :through is the through row as a dependent.

public class Pirate
{
    public int Id { get; set; }

    public string? Name { get; set; }

    public string? NickName { get; set; }

    public string? Age { get; set; }

    public int? ShipId { get; set; }

    public BattleShip? Ship { get; set; }

    public string Piastres { get; set; } = "[]";

    public List<Matey> Mateys { get; set; } = [];

    public List<Treasure> Treasures { get; set; } = [];

    public Parrot? Parrot { get; set; }

    public List<Cage> Cages { get; set; } = [];

    [NotMapped]
    public int? ClonedFromId { get; set; }
}

public class Parrot
{
    public int Id { get; set; }

    public string? Name { get; set; }

    public int? Age { get; set; }

    public int? PirateId { get; set; }

    [NotMapped]
    public int? ClonedFromId { get; set; }
}

public class Matey
{
    public int Id { get; set; }

    public string? Name { get; set; }

    public int? PirateId { get; set; }
}

public class Treasure
{
    public int Id { get; set; }

    public string? FoundAt { get; set; }

    public int? OwnerId { get; set; }

    public int? MateyId { get; set; }

    public Matey? Matey { get; set; }

    public List<GoldPiece> GoldPieces { get; set; } = [];
}

public class GoldPiece
{
    public int Id { get; set; }

    public int? TreasureId { get; set; }
}

public class BattleShip
{
    public int Id { get; set; }

    public string? Name { get; set; }

    public List<Pirate> Pirates { get; set; } = [];
}

public class Cage
{
    public int Id { get; set; }

    public string? Name { get; set; }

    public int? OwnerId { get; set; }
}

// deep_cloneable's "class under a module": EF entity types nested in a class.
public static class Animal
{
    public class Human
    {
        public int Id { get; set; }

        public string? Name { get; set; }

        public List<Pig> Pigs { get; set; } = [];

        public List<Ownership> Ownerships { get; set; } = [];
    }

    public class Pig
    {
        public int Id { get; set; }

        public string? Name { get; set; }

        public int? HumanId { get; set; }
    }

    public class Planet
    {
        public int Id { get; set; }

        public string? Name { get; set; }

        public List<Bird> Birds { get; set; } = [];
    }

    public abstract class Bird
    {
        public int Id { get; set; }

        public string? Name { get; set; }

        public int? PlanetId { get; set; }
    }

    public class Chicken : Bird
    {
        public List<Ownership> Ownerships { get; set; } = [];
    }

    public class Dove : Bird
    {
    }

    public class Ownership
    {
        public int Id { get; set; }

        public int HumanId { get; set; }

        public int ChickenId { get; set; }
    }
}

public class Person
{
    public int Id { get; set; }

    public string? Name { get; set; }

    public List<Car> Cars { get; set; } = [];
}

public class Car
{
    public int Id { get; set; }

    public string? Name { get; set; }

    public List<Person> People { get; set; } = [];
}

public class Coin
{
    public int Id { get; set; }

    public int Value { get; set; }

    public List<Person> People { get; set; } = [];
}

public class Part
{
    public int Id { get; set; }

    public string? Name { get; set; }

    public int? ParentPartId { get; set; }

    public List<Part> ChildParts { get; set; } = [];
}

public class Student
{
    public int Id { get; set; }

    public string? Name { get; set; }

    public List<StudentAssignment> StudentAssignments { get; set; } = [];

    public List<Subject> Subjects { get; set; } = [];
}

public class Subject
{
    public int Id { get; set; }

    public string? Name { get; set; }

    public List<StudentAssignment> StudentAssignments { get; set; } = [];

    public List<Student> Students { get; set; } = [];
}

public class StudentAssignment
{
    public int Id { get; set; }

    public int StudentId { get; set; }

    public int SubjectId { get; set; }

    public Subject? Subject { get; set; }
}

public class Building
{
    public int Id { get; set; }

    public string? Name { get; set; }

    public List<Apartment> Apartments { get; set; } = [];

    public List<Contractor> Contractors { get; set; } = [];
}

public class Apartment
{
    public int Id { get; set; }

    public string? Number { get; set; }

    public int? BuildingId { get; set; }

    public List<Contractor> Contractors { get; set; } = [];
}

public class Contractor
{
    public int Id { get; set; }

    public string? Name { get; set; }

    public int? BuildingId { get; set; }

    public List<Apartment> Apartments { get; set; } = [];
}

public class Organization
{
    public int Id { get; set; }

    public string? Name { get; set; }

    public Contract? Contract { get; set; }
}

public class Contract
{
    public int Id { get; set; }

    public string? Number { get; set; }

    public int? ContractorId { get; set; }

    public Contractor? Contractor { get; set; }

    public int? OrganizationId { get; set; }
}

/// <summary>deep_cloneable's User (has_many :orders); named apart from the other suites' users.</summary>
public class ShopUser
{
    public int Id { get; set; }

    public string? Name { get; set; }

    public List<ShopOrder> Orders { get; set; } = [];
}

/// <summary>deep_cloneable's Order (belongs_to :user, has_many :products).</summary>
public class ShopOrder
{
    public int Id { get; set; }

    public int? ShopUserId { get; set; }

    public List<OrderProduct> Products { get; set; } = [];
}

/// <summary>deep_cloneable's Product (belongs_to :order).</summary>
public class OrderProduct
{
    public int Id { get; set; }

    public int? ShopOrderId { get; set; }

    public string? Name { get; set; }
}
