namespace EFCore.Cloning.Tests.Compatibility;

// amoeba's single-table inheritance models (products, boxes, stages), its polymorphic company model (a polymorphic
// belongs_to is one nullable foreign key per owner type in EF), and SuperAdmin.

public class Product
{
    public int Id { get; set; }

    public string? Title { get; set; }

    public decimal Price { get; set; }

    public double? Weight { get; set; }

    public List<Image> Images { get; set; } = [];

    public List<Section> Sections { get; set; } = [];
}

public class Shirt : Product
{
    public int Sleeve { get; set; }

    public double Collar { get; set; }
}

public class Necklace : Product
{
    public int Length { get; set; }

    public string? Metal { get; set; }
}

public class BlackBox : Product
{
}

public class SuperBlackBox : BlackBox
{
}

public class Image
{
    public int Id { get; set; }

    public string? Filename { get; set; }

    public int? ProductId { get; set; }
}

public class Section
{
    public int Id { get; set; }

    public string? Name { get; set; }

    public int NumEmployees { get; set; }

    public decimal TotalSales { get; set; }
}

// amoeba's "does not fail with a deep inheritance": a box, its sub products and their one-to-one other product, all
// in one TPH table.
public class Box
{
    public int Id { get; set; }

    public List<BoxSubProduct> SubProducts { get; set; } = [];
}

public class BoxProduct
{
    public int Id { get; set; }

    public string? Title { get; set; }

    public int? BoxId { get; set; }
}

public class BoxSubProduct : BoxProduct
{
    public BoxAnotherProduct? AnotherProduct { get; set; }
}

public class BoxSubSubProduct : BoxSubProduct
{
}

public class BoxAnotherProduct : BoxProduct
{
    public int? SubProductId { get; set; }
}

public class Stage
{
    public int Id { get; set; }

    public string? Title { get; set; }

    public int? ExternalId { get; set; }

    public List<Listener> Listeners { get; set; } = [];

    public List<Specialist> Specialists { get; set; } = [];
}

public class CustomStage : Stage
{
    public List<CustomRule> CustomRules { get; set; } = [];
}

public abstract class Participant
{
    public int Id { get; set; }

    public string? Name { get; set; }

    public int? StageId { get; set; }
}

public class Listener : Participant
{
}

public class Specialist : Participant
{
}

public class CustomRule
{
    public int Id { get; set; }

    public string? Description { get; set; }

    public int? StageId { get; set; }
}

public class Company
{
    public int Id { get; set; }

    public string? Name { get; set; }

    public List<Employee> Employees { get; set; } = [];

    public List<Customer> Customers { get; set; } = [];
}

public class Employee
{
    public int Id { get; set; }

    public string? Name { get; set; }

    public string? Ssn { get; set; }

    public decimal Salary { get; set; }

    public int? CompanyId { get; set; }

    public List<Address> Addresses { get; set; } = [];

    public List<Photo> Photos { get; set; } = [];
}

public class Customer
{
    public int Id { get; set; }

    public string? Email { get; set; }

    public string? Password { get; set; }

    public int? CompanyId { get; set; }

    public List<Address> Addresses { get; set; } = [];

    public List<Photo> Photos { get; set; } = [];
}

public class Address
{
    public int Id { get; set; }

    public string? Street { get; set; }

    public string? City { get; set; }

    public int? EmployeeId { get; set; }

    public int? CustomerId { get; set; }
}

public class Photo
{
    public int Id { get; set; }

    public string? Name { get; set; }

    public int Size { get; set; }

    public int? EmployeeId { get; set; }

    public int? CustomerId { get; set; }
}

public class SuperAdmin
{
    public int Id { get; set; }

    public string? Email { get; set; }

    public bool Active { get; set; }

    public string? Password { get; set; }
}
