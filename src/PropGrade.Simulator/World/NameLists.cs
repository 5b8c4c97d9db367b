namespace PropGrade.Simulator.World;

/// <summary>Word lists the generated world draws names, offices and streets from.</summary>
internal static class NameLists
{
    public static readonly string[] FirstNames =
    [
        "James", "Mary", "Robert", "Patricia", "John", "Jennifer", "Michael", "Linda", "David", "Elizabeth",
        "William", "Barbara", "Richard", "Susan", "Joseph", "Jessica", "Thomas", "Sarah", "Carlos", "Karen",
        "Daniel", "Lisa", "Matthew", "Nancy", "Anthony", "Betty", "Mark", "Sandra", "Steven", "Ashley",
        "Paul", "Kimberly", "Andrew", "Emily", "Joshua", "Donna", "Kevin", "Michelle", "Brian", "Carol",
        "Ana", "Priya", "Wei", "Mohammed", "Sofia", "Luis", "Mei", "Olga", "Kenji", "Fatima",
    ];

    public static readonly string[] LastNames =
    [
        "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez", "Martinez",
        "Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson", "Thomas", "Taylor", "Moore", "Jackson", "Martin",
        "Lee", "Perez", "Thompson", "White", "Harris", "Sanchez", "Clark", "Ramirez", "Lewis", "Robinson",
        "Walker", "Young", "Allen", "King", "Wright", "Scott", "Torres", "Nguyen", "Hill", "Flores",
        "D'Alcamo", "O'Brien", "Ruiz", "Patel", "Chen", "Kim", "Cohen", "Rossi", "Schmidt", "Novak",
    ];

    public static readonly string[] OfficeBrands =
    [
        "Keller Williams", "RE/MAX", "Coldwell Banker", "Compass", "Century 21", "Sotheby's International Realty",
        "Berkshire Hathaway HomeServices", "eXp Realty", "EXIT Realty", "Douglas Elliman", "Redfin", "Weichert",
    ];

    public static readonly string[] Streets =
    [
        "Elm St", "Oak Ave", "Maple Dr", "Washington St", "Park Ave", "Main St", "Cedar Ln", "Pine St",
        "Lake Rd", "Hillside Ave", "Sunset Blvd", "River Rd", "Highland Ave", "Church St", "Bay St", "Grove St",
        "Willow Way", "Madison Ave", "Jefferson St", "Lincoln Ave", "Ocean Dr", "Chestnut St", "Walnut St",
        "Spruce St", "Franklin St", "Meadow Ln", "Forest Ave", "Summit Ave", "Prospect St", "Bloomfield St",
    ];

    public static readonly string[] PropTypes =
    [
        "single_family", "single_family", "single_family", "condo", "condo", "townhomes", "multi_family", "land",
    ];
}
