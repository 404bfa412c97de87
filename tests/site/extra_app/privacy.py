def export_user_data(user) -> dict:
    return {"ny_app": user.email}


def delete_user_data(user, *, now) -> None:
    pass
